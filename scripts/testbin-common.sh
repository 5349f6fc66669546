# Sourced by scripts/testbin.sh, pulumi-testbin.sh and controllers-testbin.sh: where the repository and the binary
# cache are, how Go builds (local toolchain, static binaries, the committed go.sum files only), and their helpers.
# Set `tag` (the prefix of log lines) before sourcing. Nothing built is ever committed.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache="${TENANT_KUBERNETES_TESTBIN:-$HOME/.cache/tenant-kubernetes/testbin}"
export GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS="-mod=readonly -buildvcs=false"
mkdir -p "$cache"

log() { echo "[$tag] $*" >&2; }

# The version tools/$1/go.mod requires of module $2, whether on a `require` line or inside a `require (...)` block.
required() {
  local version
  version="$(sed -nE "s#^(require)?[[:space:]]*$2 (v[^ ]+).*#\\2#p" "$root/tools/$1/go.mod" | head -n 1)"
  [ -n "$version" ] || { log "cannot read the version of $2 from tools/$1/go.mod"; exit 1; }
  echo "$version"
}

# The directory of module $2 in the module cache, as tools/$1 resolves it. `go list -m -f '{{.Dir}}'` prints an
# empty path until the module is downloaded, so it is downloaded first.
module_dir() {
  local dir
  (cd "$root/tools/$1" && go mod download "$2")
  dir="$(cd "$root/tools/$1" && go list -m -f '{{.Dir}}' "$2")"
  [ -n "$dir" ] && [ -d "$dir" ] || { log "module $2 not found in the module cache (got '$dir')"; exit 1; }
  echo "$dir"
}
