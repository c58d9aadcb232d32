# Keep all Go state inside this folder; Go 1.27.3 as the go command fetches it
# (GOTOOLCHAIN=go1.27.3), then no further toolchain switching or downloads.
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
GOROOT="$(cd "$here" && GOTOOLCHAIN=go1.27.3 GOFLAGS=-mod=mod go env GOROOT)"
export GOROOT
export PATH="$GOROOT/bin:$PATH"
export GOPATH="$here/.gopath"
export GOCACHE="$here/.gocache"
export GOENV=off
export GOFLAGS=-mod=mod
export GOTOOLCHAIN=local
export GOPROXY=off
