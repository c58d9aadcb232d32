#!/bin/sh
# Rebuilds the sleepers census with Debian's Go 1.19.8 (golang-1.19): 20 plain runs (Threads from
# /proc/self/status, one number a line in threads.txt), 20 runs under strace -f counting clone(2)
# (clones.txt), and one kept capture of the clones (h_sleepers.clone.strace / .out).
set -e
cp h_sleepers.go.txt h_sleepers.go
go build -o h_sleepers h_sleepers.go
for i in $(seq 20); do GOMAXPROCS=8 ./h_sleepers; done | sed 's/threads //' > threads.txt
GOMAXPROCS=8 strace -f -qq -e trace=clone,clone3 -o h_sleepers.clone.strace ./h_sleepers > h_sleepers.clone.out
for i in $(seq 20); do
  GOMAXPROCS=8 strace -f -qq -e trace=clone -o run.trace ./h_sleepers > /dev/null
  grep -c 'clone(' run.trace
done > clones.txt
rm -f h_sleepers h_sleepers.go run.trace
