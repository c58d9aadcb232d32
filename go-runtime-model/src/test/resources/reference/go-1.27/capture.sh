#!/bin/bash
# Captures of the reference programs on Go 1.27.3 (same programs, filters and environments as
# go-1.26's capture.sh). strace -k names the binary by the path it was mapped from: the stack
# files kept here have it written ./bin/NAME, as the go-1.26 ones print it.
cd "$(dirname "$0")"
. ./env.sh
mkdir -p traces outputs
F='trace=clone,clone3,mmap,munmap,mprotect,rt_sigprocmask,sigaltstack,arch_prctl,gettid,futex,madvise'
tr() { # name env... -- bin args
  name=$1; shift
  strace -f -o traces/$name.strace "$@" > outputs/$name.strace.out 2>&1; echo "rc=$?" >> outputs/$name.strace.out
  strace -f -k -e trace=clone,clone3 -o traces/$name.clone_stacks.strace "$@" >/dev/null 2>&1
  sed -i "s|$PWD/|./|g" traces/$name.clone_stacks.strace
}
{ echo "uname: $(uname -srvm)"; echo "debian: $(cat /etc/debian_version)"; echo "nproc: $(nproc)";
  echo "glibc: $(ldd --version | head -1)"; echo "gcc: $(gcc --version | head -1)"; echo "strace: $(strace -V | head -1)";
  echo "cpu.max: $(cat /sys/fs/cgroup/cpu.max 2>&1)"; echo "sched_getaffinity: $(taskset -p $$ 2>&1)";
  echo "kernel.threads-max: $(sysctl -n kernel.threads-max)"; echo "ulimit -s (KiB): $(ulimit -s)"; echo "ulimit -u: $(ulimit -u)";
  echo "THP enabled: $(cat /sys/kernel/mm/transparent_hugepage/enabled)"; echo "loadavg at start: $(cat /proc/loadavg)"; } > outputs/environment.txt
tr a_hello -e $F ./bin/a_hello
tr a_hello_cgo -e $F ./bin/a_hello_cgo
for p in b_chan b_sleepers; do tr $p -e $F env GOMAXPROCS=4 ./bin/$p; done
for p in b_syscalls d_cgo; do tr $p -E GOMAXPROCS=4 -e $F ./bin/$p; done
tr c_lockosthread -e $F ./bin/c_lockosthread
tr c2_locked_spawn -E GOMAXPROCS=4 -e $F ./bin/c2_locked_spawn
for p in a_hello a_hello_cgo c_lockosthread; do { echo "## no strace"; ./bin/$p; echo "rc=$?"; } > outputs/$p.out 2>&1; done
for p in b_chan b_sleepers b_syscalls d_cgo c2_locked_spawn; do { echo "## GOMAXPROCS=4 ./bin/$p (no strace)"; GOMAXPROCS=4 ./bin/$p; echo "rc=$?"; } > outputs/$p.out 2>&1; done
{ echo "## GODEBUG=schedtrace=100 GOMAXPROCS=4 ./bin/b_syscalls"; GODEBUG=schedtrace=100 GOMAXPROCS=4 ./bin/b_syscalls; } > outputs/b_syscalls.schedtrace.txt 2>&1
for s in 2048 8192 16384 unlimited; do echo "## ulimit -s $s: pthread stack mmaps in cgo hello"; (ulimit -s $s; strace -f -e trace=mmap,clone3 -o /tmp/u127.$$ ./bin/a_hello_cgo >/dev/null 2>&1; grep -A1 MAP_STACK /tmp/u127.$$ | head -2); done > outputs/d_cgo_ulimit_stack.txt 2>&1; rm -f /tmp/u127.$$
{ echo "go: $(go version) (the toolchain GOTOOLCHAIN=go1.27.3 fetched)"; echo "loadavg after traces: $(cat /proc/loadavg)"; } >> outputs/environment.txt
