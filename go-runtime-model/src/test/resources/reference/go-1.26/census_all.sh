#!/bin/bash
cd "$(dirname "$0")"
bash census.sh ./bin/a_hello 40 > outputs/a_hello.census.txt
bash census.sh ./bin/a_hello_cgo 40 > outputs/a_hello_cgo.census.txt
GOMAXPROCS=4 bash census.sh ./bin/b_chan 20 > outputs/b_chan.census.txt
GOMAXPROCS=4 bash census.sh ./bin/b_sleepers 20 > outputs/b_sleepers.census.txt
GOMAXPROCS=4 bash census.sh ./bin/b_syscalls 10 > outputs/b_syscalls.census.txt
GOMAXPROCS=4 bash census.sh ./bin/c2_locked_spawn 10 > outputs/c2_locked_spawn.census.txt
bash census.sh ./bin/c_lockosthread 10 > outputs/c_lockosthread.census.txt
# thread-count distributions (no strace)
{ echo "## a_hello_census: OS threads at main.main / after GC+50ms, 200 runs per GOMAXPROCS"
for g in 1 2 4 8; do
  if [ $g = 2 ]; then e=""; else e="GOMAXPROCS=$g"; fi
  echo "# GOMAXPROCS=$g ${e:+(env)}${e:-(default)}: start after-GC+50ms"
  for i in $(seq 1 200); do env $e ./bin/a_hello_census | awk '/main-start/{split($2,a,"=");s=a[2]} /after-GC\+sleep/{split($2,a,"=");print s, a[2]}'; done | sort | uniq -c
done; } > outputs/a_hello_census_distribution.txt
{ echo "## b_sleepers GOMAXPROCS=4, 50 runs without strace: os_threads at start / while blocked / after"
for i in $(seq 1 50); do GOMAXPROCS=4 ./bin/b_sleepers | grep -o 'os_threads=[0-9]*' | cut -d= -f2 | tr '\n' ' '; echo; done | sort | uniq -c
echo "## b_chan GOMAXPROCS=4, 50 runs without strace: os_threads at start / while blocked / after"
for i in $(seq 1 50); do GOMAXPROCS=4 ./bin/b_chan | grep -o 'os_threads=[0-9]*' | cut -d= -f2 | tr '\n' ' '; echo; done | sort | uniq -c
echo "## b_syscalls sweep: n blocked goroutines -> os_threads while blocked (GOMAXPROCS=4), 5 runs each"
for n in 0 1 2 4 8 16 32 64; do echo -n "n=$n: "; for i in 1 2 3 4 5; do GOMAXPROCS=4 ./bin/b_syscalls $n | sed -n 's/.*while.*os_threads=\([0-9]*\).*/\1/p' | tr '\n' ' '; done; echo; done
echo "## b_syscalls sweep GOMAXPROCS=1"
for n in 0 1 4 16; do echo -n "n=$n: "; for i in 1 2 3 4 5; do GOMAXPROCS=1 ./bin/b_syscalls $n | sed -n 's/.*while.*os_threads=\([0-9]*\).*/\1/p' | tr '\n' ' '; done; echo; done
} > outputs/b_thread_counts.txt
echo "loadavg after census: $(cat /proc/loadavg)" >> outputs/environment.txt
