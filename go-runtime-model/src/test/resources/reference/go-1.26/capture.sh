#!/bin/bash
# Captures of the reference programs on Go 1.26.8 (same programs, filters and environments as go-1.19).
cd "$(dirname "$0")"
F='trace=clone,clone3,mmap,munmap,mprotect,rt_sigprocmask,sigaltstack,arch_prctl,gettid,futex,madvise'
tr() { # name env... -- bin args
  name=$1; shift
  strace -f -o traces/$name.strace "$@" > outputs/$name.strace.out 2>&1; echo "rc=$?" >> outputs/$name.strace.out
  strace -f -k -e trace=clone,clone3 -o traces/$name.clone_stacks.strace "$@" >/dev/null 2>&1
}
{ echo "uname: $(uname -srvm)"; echo "debian: $(cat /etc/debian_version)"; echo "nproc: $(nproc)";
  echo "glibc: $(ldd --version | head -1)"; echo "gcc: $(gcc --version | head -1)"; echo "strace: $(strace -V | head -1)";
  echo "go: $(/usr/local/go/bin/go version)  GOROOT=/usr/local/go"; echo "cgroup: $(cat /proc/self/cgroup)";
  echo "cpu.max: $(cat /sys/fs/cgroup/cpu.max 2>&1)"; echo "sched_getaffinity: $(taskset -p $$ 2>&1)";
  echo "kernel.threads-max: $(sysctl -n kernel.threads-max)"; echo "ulimit -s (KiB): $(ulimit -s)"; echo "ulimit -u: $(ulimit -u)";
  echo "THP enabled: $(cat /sys/kernel/mm/transparent_hugepage/enabled)"; echo "loadavg at start: $(cat /proc/loadavg)"; } > outputs/environment.txt
tr a_hello -e $F ./bin/a_hello
tr a_hello_cgo -e $F ./bin/a_hello_cgo
# GOMAXPROCS=4 through strace -E, so the trace starts at the Go binary's own first call (with
# `env GOMAXPROCS=4 ./bin/p` it starts with env's dynamic loader, before the untraced execve)
for p in b_chan b_sleepers; do tr $p -e $F env GOMAXPROCS=4 ./bin/$p; done
for p in b_syscalls d_cgo; do tr $p -E GOMAXPROCS=4 -e $F ./bin/$p; done
tr c_lockosthread -e $F ./bin/c_lockosthread
tr c2_locked_spawn -E GOMAXPROCS=4 -e $F ./bin/c2_locked_spawn
strace -f -o traces/e_limit.strace -e trace=clone,clone3,mmap,munmap,mprotect,rt_sigprocmask,sigaltstack,arch_prctl,gettid,futex,madvise,write,exit_group,tgkill env GOMAXPROCS=4 ./bin/e_limit > outputs/e_limit.stdout 2> outputs/e_limit.stderr; echo "rc=$?" > outputs/e_limit.rc
# outputs without strace
for p in a_hello a_hello_cgo c_lockosthread; do { echo "## no strace"; ./bin/$p; echo "rc=$?"; } > outputs/$p.out 2>&1; done
for p in b_chan b_sleepers b_syscalls d_cgo c2_locked_spawn e2_limit_below; do { echo "## GOMAXPROCS=4 ./bin/$p (no strace)"; GOMAXPROCS=4 ./bin/$p; echo "rc=$?"; } > outputs/$p.out 2>&1; done
{ echo "## GOMAXPROCS=4 ./bin/e_limit (no strace)"; GOMAXPROCS=4 ./bin/e_limit 2>&1 | head -3; echo "rc=${PIPESTATUS[0]}"; } > outputs/e_limit.out
for i in 1 2 3; do echo "## run $i (GOMAXPROCS=4)"; GOMAXPROCS=4 ./bin/f_goid_batches; done > outputs/f_goid_batches.out 2>&1
./bin/a_hello_census > outputs/a_hello_census.out 2>&1
{ echo "## GODEBUG=schedtrace=100 GOMAXPROCS=4 ./bin/b_syscalls"; GODEBUG=schedtrace=100 GOMAXPROCS=4 ./bin/b_syscalls; } > outputs/b_syscalls.schedtrace.txt 2>&1
GODEBUG=schedtrace=100,scheddetail=1 GOMAXPROCS=4 ./bin/b_syscalls > outputs/b_syscalls.scheddetail.txt 2>&1
for p in b_chan b_sleepers; do
  GODEBUG=schedtrace=100 GOMAXPROCS=4 ./bin/$p > outputs/$p.schedtrace.txt 2>&1
  GODEBUG=schedtrace=100,scheddetail=1 GOMAXPROCS=4 ./bin/$p > outputs/$p.scheddetail.txt 2>&1
done
GODEBUG=schedtrace=100,scheddetail=1 GOMAXPROCS=4 ./bin/g_gfree > outputs/g_gfree.scheddetail.txt 2>&1
for s in 2048 8192 16384 unlimited; do echo "## ulimit -s $s: pthread stack mmaps in cgo hello"; (ulimit -s $s; strace -f -e trace=mmap,clone3 -o /tmp/u126.$$ ./bin/a_hello_cgo >/dev/null 2>&1; grep -A1 MAP_STACK /tmp/u126.$$ | head -2); done > outputs/d_cgo_ulimit_stack.txt 2>&1; rm -f /tmp/u126.$$
echo "loadavg after traces: $(cat /proc/loadavg)" >> outputs/environment.txt
