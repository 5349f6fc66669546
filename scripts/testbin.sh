#!/usr/bin/env bash
# Builds (or reuses) the test binaries of the server tier outside the repository:
#   kube-apiserver, kube-controller-manager, kubectl (k8s.io/kubernetes, tools/kube) and etcd (tools/etcd).
# Cache: ${TENANT_KUBERNETES_TESTBIN:-$HOME/.cache/tenant-kubernetes/testbin}/<component>-<version>/, keyed by the
# versions in tools/*/go.mod, so a warm cache costs nothing. Prints the directory that holds the binaries.
# Nothing built here is ever committed.
tag=testbin
source "$(dirname "$0")/testbin-common.sh"
kube_version="$(required kube k8s.io/kubernetes)"
etcd_version="$(required etcd go.etcd.io/etcd/server/v3)"
kube_dir="$cache/kube-$kube_version"
etcd_dir="$cache/etcd-$etcd_version"
kubectl_dir="$cache/kubectl-$kube_version"
bin="$cache/bin-kube-$kube_version-etcd-$etcd_version"

build_kube() {
  [ -x "$kube_dir/kube-apiserver" ] && [ -x "$kube_dir/kube-controller-manager" ] && return 0
  log "building kube-apiserver and kube-controller-manager $kube_version (cold: tens of minutes on 2 cores)"
  local minor d ldf tmp
  minor="$(echo "$kube_version" | cut -d. -f2)"
  d="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  ldf="-s -w"
  for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ldf="$ldf -X $p.gitVersion=$kube_version -X $p.gitMajor=1 -X $p.gitMinor=$minor -X $p.gitTreeState=clean -X $p.buildDate=$d"
  done
  tmp="$(mktemp -d "$cache/.kube-build.XXXXXX")"
  (cd "$root/tools/kube" && go build -trimpath -pgo=off -tags=selinux,notest -ldflags "$ldf" -o "$tmp/" \
    k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager)
  rm -rf "$kube_dir" && mv "$tmp" "$kube_dir"
}

build_kubectl() {
  [ -x "$kubectl_dir/kubectl" ] && return 0
  log "building kubectl $kube_version"
  local tmp
  tmp="$(mktemp -d "$cache/.kubectl-build.XXXXXX")"
  (cd "$root/tools/kube" && go build -trimpath -pgo=off -ldflags "-s -w -X k8s.io/component-base/version.gitVersion=$kube_version -X k8s.io/client-go/pkg/version.gitVersion=$kube_version" -o "$tmp/kubectl" k8s.io/kubernetes/cmd/kubectl)
  rm -rf "$kubectl_dir" && mv "$tmp" "$kubectl_dir"
}

build_etcd() {
  [ -x "$etcd_dir/etcd" ] && return 0
  log "building etcd $etcd_version"
  local tmp
  tmp="$(mktemp -d "$cache/.etcd-build.XXXXXX")"
  (cd "$root/tools/etcd" && go build -trimpath -o "$tmp/etcd" go.etcd.io/etcd/server/v3)
  rm -rf "$etcd_dir" && mv "$tmp" "$etcd_dir"
}

build_etcd
build_kube
build_kubectl
mkdir -p "$bin"
ln -sf "$kube_dir/kube-apiserver" "$kube_dir/kube-controller-manager" "$etcd_dir/etcd" "$kubectl_dir/kubectl" "$bin/"
echo "$bin"
