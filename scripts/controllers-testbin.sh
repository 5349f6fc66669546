#!/usr/bin/env bash
# Builds (or reuses) the controllers tier's binaries outside the repository:
#   capi-manager and cabpk-manager (Cluster API core and its kubeadm bootstrap provider, module tools/capi) and
#   cert-manager-controller (our own entry point on cert-manager's library packages, module tools/cert-manager).
# Cache: ${TENANT_KUBERNETES_TESTBIN:-$HOME/.cache/tenant-kubernetes/testbin}/<component>-<version>/, keyed by the
# versions in tools/*/go.mod. Prints the directory that holds the binaries. Nothing built here is ever committed.
# It also checks that the upstream data files vendored under tools/*/upstream/ (the CRDs and webhook configurations
# the tier installs) are byte-identical to the same paths in the module the binaries are built from.
tag=controllers-testbin
source "$(dirname "$0")/testbin-common.sh"
capi_version="$(required capi sigs.k8s.io/cluster-api)"
cm_version="$(required cert-manager github.com/cert-manager/cert-manager)"
capi_dir="$cache/capi-$capi_version"
cm_dir="$cache/cert-manager-$cm_version"
bin="$cache/bin-capi-$capi_version-cert-manager-$cm_version"

# Every file under tools/$1/upstream/ (but its README) must equal the file at the same path in module $2.
check_vendored() {
  local tool="$1" module="$2" src file rel
  src="$(module_dir "$tool" "$module")"
  while IFS= read -r file; do
    rel="${file#"$root/tools/$tool/upstream/"}"
    cmp -s "$file" "$src/$rel" || { log "tools/$tool/upstream/$rel differs from $module at $src/$rel"; exit 1; }
  done < <(find "$root/tools/$tool/upstream" -type f ! -name README.md | sort)
}

if [ ! -x "$capi_dir/capi-manager" ] || [ ! -x "$capi_dir/cabpk-manager" ]; then
  log "building the Cluster API manager and kubeadm bootstrap provider $capi_version (cold: about 2 min on 2 cores)"
  minor="$(echo "$capi_version" | cut -d. -f2)"
  ldf="-s -w -X sigs.k8s.io/cluster-api/version.gitVersion=$capi_version -X sigs.k8s.io/cluster-api/version.gitMajor=1 -X sigs.k8s.io/cluster-api/version.gitMinor=$minor"
  tmp="$(mktemp -d "$cache/.capi-build.XXXXXX")"
  (cd "$root/tools/capi" && go build -trimpath -ldflags "$ldf" -o "$tmp/capi-manager" sigs.k8s.io/cluster-api \
    && go build -trimpath -ldflags "$ldf" -o "$tmp/cabpk-manager" sigs.k8s.io/cluster-api/bootstrap/kubeadm)
  rm -rf "$capi_dir" && mv "$tmp" "$capi_dir"
fi

if [ ! -x "$cm_dir/cert-manager-controller" ]; then
  log "building the cert-manager controller $cm_version (cold: about 2 min on 2 cores)"
  tmp="$(mktemp -d "$cache/.cert-manager-build.XXXXXX")"
  (cd "$root/tools/cert-manager" && go build -trimpath \
    -ldflags "-s -w -X github.com/cert-manager/cert-manager/pkg/util.AppVersion=$cm_version" -o "$tmp/cert-manager-controller" .)
  rm -rf "$cm_dir" && mv "$tmp" "$cm_dir"
fi

check_vendored capi sigs.k8s.io/cluster-api
check_vendored cert-manager github.com/cert-manager/cert-manager

mkdir -p "$bin"
ln -sf "$capi_dir/capi-manager" "$capi_dir/cabpk-manager" "$cm_dir/cert-manager-controller" "$bin/"
echo "$bin"
