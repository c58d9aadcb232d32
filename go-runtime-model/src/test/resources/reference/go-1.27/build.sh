#!/bin/bash
# Build all scenario programs with Go 1.27.3 in module mode (go.mod says go 1.27,
# so the program gets 1.27's GODEBUG defaults). Pure-Go ones with CGO_ENABLED=0, cgo ones with 1.
set -e
cd "$(dirname "$0")"
. ./env.sh
# the programs are go-1.26's (go-1.19's, unchanged): copied here, since a module builds only its own
rm -rf src && cp -r ../go-1.26/src src
mkdir -p bin outputs traces
for p in a_hello a_hello_census b_sleepers b_chan b_syscalls c_lockosthread c2_locked_spawn e_limit e2_limit_below f_goid_batches g_gfree; do
  CGO_ENABLED=0 go build -o bin/$p ./src/$p
done
CGO_ENABLED=1 go build -o bin/d_cgo ./src/d_cgo
CGO_ENABLED=1 go build -o bin/a_hello_cgo ./src/a_hello_cgo
go version > outputs/go_version.txt
go version -m bin/a_hello | sed -n '1,20p' >> outputs/go_version.txt
file bin/* >> outputs/go_version.txt
