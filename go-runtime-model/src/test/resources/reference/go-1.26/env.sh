# Keep all Go state inside this folder; the installed Go 1.26.8, no toolchain switching.
export GOROOT=/usr/local/go
export PATH=/usr/local/go/bin:$PATH
export GOPATH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/.gopath"
export GOCACHE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/.gocache"
export GOENV=off
export GOFLAGS=-mod=mod
export GOTOOLCHAIN=local
export GOPROXY=off
