#!/bin/sh
# Re-run every scenario under strace. Output: <name>.trace (strace) and <name>.out (program stdout).
set -u
cd "$(dirname "$0")"
gcc -O1 -g -Wall -o threads threads.c -lpthread
gcc -O1 -g -Wall -o tlsbig tlsbig.c -lpthread
F='trace=mmap,munmap,mprotect,clone,clone3,rt_sigprocmask,set_robust_list,rseq,futex,exit,madvise,write'
t() { name=$1; shift; strace -f -tt -s 120 -e "$F" -o "$name.trace" "$@" > "$name.out" 2>&1; echo "$name rc=$?"; }
t s1_seq            ./threads seq
strace -f -tt -s 120 -o s1_seq_full.trace ./threads seq > s1_seq_full.out 2>&1; echo "s1_seq_full rc=$?"
t s1_seq_cache0     env GLIBC_TUNABLES=glibc.pthread.stack_cache_size=0 ./threads seq
t s1_seq_norseq     env GLIBC_TUNABLES=glibc.pthread.rseq=0 ./threads seq
t s1b_latejoin      ./threads latejoin
t s2_concurrent     ./threads concurrent
t s3_stacksize      ./threads stacksize
t s4_guard          ./threads guard
t s4b_guardreuse    ./threads guardreuse
t s5_userstack      ./threads userstack
t s6_detached       ./threads detached
t s6_detached_cache0 env GLIBC_TUNABLES=glibc.pthread.stack_cache_size=0 ./threads detached
t s7_cache          ./threads cache
t s7_cache_16MiB    env GLIBC_TUNABLES=glibc.pthread.stack_cache_size=16777216 ./threads cache
t s7b_fit           ./threads fit
t s8_fail_as        ./threads fail as
t s8_fail_nproc     ./threads fail nproc
t s8_fail_huge      ./threads fail huge
t s8_fail_clone3_enosys ./threads fail clone3-enosys
t s8_fail_clone3_enomem ./threads fail clone3-enomem
t s8_fail_clone3_eagain ./threads fail clone3-eagain
t s8_fail_clone3_eperm  ./threads fail clone3-eperm
t s8_fail_tlsbig    ./tlsbig
t s9_fork           ./threads fork
# extras without strace
./threads seq smaps | sed -n '/seq#4/,$p' > s1_smaps.out
for s in 4096 100 unlimited; do echo "### ulimit -s $s"; (ulimit -s $s; strace -f -e trace=mmap,mprotect -o /tmp/u.$$ ./threads seq > /tmp/u.$$.out 2>&1; head -1 /tmp/u.$$.out; grep -A1 MAP_STACK /tmp/u.$$ | head -2; grep 'seq#1:' /tmp/u.$$.out); done > ulimit_s.out 2>&1
rm -f /tmp/u.$$ /tmp/u.$$.out
# glibc 2.39+ names thread stacks only with the tunable glibc.mem.decorate_maps=1 (default 0)
F2="$F,prctl"
strace -f -tt -s 120 -e "$F2" -o s1_seq_decorate.trace env GLIBC_TUNABLES=glibc.mem.decorate_maps=1 ./threads seq > s1_seq_decorate.out 2>&1; echo "s1_seq_decorate rc=$?"
strace -f -e trace=prctl,clone3,rseq -o s1_seq_decorate_cache0.trace env GLIBC_TUNABLES=glibc.mem.decorate_maps=1:glibc.pthread.stack_cache_size=0 ./threads seq > s1_seq_decorate_cache0.out 2>&1
strace -f -e trace=prctl,clone3,mmap -o s5_userstack_decorate.trace env GLIBC_TUNABLES=glibc.mem.decorate_maps=1 ./threads userstack > s5_userstack_decorate.out 2>&1
