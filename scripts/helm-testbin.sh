#!/usr/bin/env bash
# Builds (or reuses) the helm tier's binary outside the repository: the Helm v3 CLI from helm.sh/helm/v3 (module
# tools/helm, built from the Go module proxy), against which the tier checks that the CLI computes a chart's values
# exactly as Helm does (test/helm, docs/values.md).
# Cache: ${TENANT_KUBERNETES_TESTBIN:-$HOME/.cache/tenant-kubernetes/testbin}/helm-<version>/, keyed by the version in
# tools/helm/go.mod, so a warm cache costs nothing. Prints the directory that holds `helm`. Nothing built is committed.
tag=helm-testbin
source "$(dirname "$0")/testbin-common.sh"
helm_version="$(required helm helm.sh/helm/v3)"
helm_dir="$cache/helm-$helm_version"

if [ ! -x "$helm_dir/helm" ]; then
  log "building the Helm CLI $helm_version (cold: about 4 min on 2 cores)"
  tmp="$(mktemp -d "$cache/.helm-build.XXXXXX")"
  (cd "$root/tools/helm" && go build -trimpath \
    -ldflags "-s -w -X helm.sh/helm/v3/internal/version.version=$helm_version -X helm.sh/helm/v3/internal/version.gitTreeState=clean" \
    -o "$tmp/helm" helm.sh/helm/v3/cmd/helm)
  rm -rf "$helm_dir" && mv "$tmp" "$helm_dir"
fi
echo "$helm_dir"
