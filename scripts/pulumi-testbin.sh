#!/usr/bin/env bash
# Builds (or reuses) the engine tier's binaries outside the repository: the Pulumi CLI (tools/pulumi) and the
# Kubernetes provider plugin (tools/pulumi-kubernetes), cached by version under
# ${TENANT_KUBERNETES_TESTBIN:-$HOME/.cache/tenant-kubernetes/testbin}. Prints the directory holding both.
# The provider's pseudo-version and some pulumi modules are missing from the checksum database, so their sums are
# taken from the module proxy (GONOSUMDB=github.com/pulumi) and pinned by the committed go.sum files.
tag=pulumi-testbin
source "$(dirname "$0")/testbin-common.sh"
export GONOSUMDB=github.com/pulumi
cli_version="$(required pulumi github.com/pulumi/pulumi/pkg/v3)"
provider_module_version="$(required pulumi-kubernetes github.com/pulumi/pulumi-kubernetes/provider/v4)"
# The provider reports the release of the npm SDK it is paired with (package.json pins it exactly): the module proxy
# serves provider/v4 only at commit f47bc2d6f199 (2026-01-15), whose schema has exactly the resource types of
# @pulumi/kubernetes 4.24.1 (and 4.25.0, whose SDK is the same).
provider_release="$(node -p "require('$root/package.json').devDependencies['@pulumi/kubernetes']")"
[[ "$provider_release" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || { log "package.json must pin @pulumi/kubernetes exactly (found '$provider_release')"; exit 1; }
cli_dir="$cache/pulumi-$cli_version"
provider_dir="$cache/pulumi-resource-kubernetes-$provider_module_version-$provider_release"
bin="$cache/bin-pulumi-$cli_version-kubernetes-$provider_release"

if [ ! -x "$cli_dir/pulumi" ]; then
  log "building the Pulumi CLI $cli_version"
  tmp="$(mktemp -d "$cache/.pulumi-build.XXXXXX")"
  (cd "$root/tools/pulumi" && go build -trimpath -tags osusergo,grpcnotrace \
    -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$cli_version" -o "$tmp/pulumi" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi)
  rm -rf "$cli_dir" && mv "$tmp" "$cli_dir"
fi

if [ ! -x "$provider_dir/pulumi-resource-kubernetes" ]; then
  log "building pulumi-resource-kubernetes $provider_module_version as release $provider_release"
  tmp="$(mktemp -d "$cache/.provider-build.XXXXXX")"
  src="$(module_dir pulumi-kubernetes github.com/pulumi/pulumi-kubernetes/provider/v4)"
  cp "$root/tools/pulumi-kubernetes/go.mod" "$root/tools/pulumi-kubernetes/go.sum" "$root/tools/pulumi-kubernetes/main.go" "$tmp/"
  cp "$src/cmd/pulumi-resource-kubernetes/schema.json" "$src/cmd/pulumi-resource-kubernetes/terraform-mapping.json" "$tmp/"
  (cd "$tmp" && go build -trimpath \
    -ldflags "-s -w -X github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/version.Version=$provider_release" -o "$tmp/out/pulumi-resource-kubernetes" .)
  mkdir -p "$provider_dir" && mv "$tmp/out/pulumi-resource-kubernetes" "$provider_dir/" && rm -rf "$tmp"
fi

mkdir -p "$bin"
ln -sf "$cli_dir/pulumi" "$provider_dir/pulumi-resource-kubernetes" "$bin/"
echo "$bin"
