#!/usr/bin/env bash
# Times the real system and the model on the same work, in one run, and prints one line per pair:
#   ratio NAME real/model = X      (above 1: the model is faster)
# Real: a C pthread_create+pthread_join loop (gcc) and, when a Go toolchain is found, a Go
# spawn+exit loop (GOMAXPROCS=2). Model: EngineBenchmark (JMH), call recording off, counting log.
# Environment: GO (a go binary), N_C (default 40000), N_GO (default 1000000), RUNS (default 5),
# JMH_ARGS (default: -wi 3 -i 5 -w 2s -r 2s -f 1).
set -euo pipefail
here=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
root=$(dirname "$here")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
runs=${RUNS:-5}

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

echo "machine: $(nproc) cpus, $(uname -srm), load $(cut -d' ' -f1-3 /proc/loadavg)"

gcc -O2 -pthread "$here/real/createjoin.c" -o "$work/createjoin"
real_c=$(for _ in $(seq "$runs"); do "$work/createjoin" "${N_C:-40000}"; done | median)
echo "real glibc-create-join = $real_c ns/op (C loop, $(ldd --version | head -1 | awk '{print $NF}'), median of $runs)"

go=${GO:-}
if [ -z "$go" ]; then
  for g in /usr/lib/go-1.19/bin/go "$(command -v go || true)" /usr/local/go/bin/go; do
    if [ -n "$g" ] && [ -x "$g" ]; then go=$g; break; fi
  done
fi
real_go=
if [ -n "$go" ]; then
  (cd "$work" && cp "$here/real/spawnexit.go" . && GO111MODULE=off "$go" build -o spawnexit spawnexit.go)
  real_go=$(for _ in $(seq "$runs"); do GOMAXPROCS=2 "$work/spawnexit" "${N_GO:-1000000}"; done | median)
  echo "real go-spawn-exit = $real_go ns/op ($("$go" version | awk '{print $3}'), GOMAXPROCS=2, median of $runs)"
else
  echo "no go toolchain found (set GO=...): skipping the Go pair"
fi

jar="$root/benchmarks/target/clonepath-benchmarks.jar"
if [ ! -f "$jar" ]; then
  (cd "$root" && ./mvnw -B -q -pl benchmarks -am package -DskipTests)
fi
# shellcheck disable=SC2086
java -jar "$jar" EngineBenchmark ${JMH_ARGS:--wi 3 -i 5 -w 2s -r 2s -f 1} -rf csv -rff "$work/jmh.csv" >"$work/jmh.txt"
score() { awk -F, -v b="\"io.github.clonepath.benchmarks.EngineBenchmark.$1\"" '$1 == b {print $5}' "$work/jmh.csv"; }
model_glibc=$(score glibcCreateJoin)
model_kernel=$(score kernelCloneExitReap)
model_go=$(score goSpawnExit)
echo "model glibc-create-join = $model_glibc ns/op (JMH average)"
echo "model kernel-clone-exit-reap = $model_kernel ns/op (JMH average)"
echo "model go-spawn-exit = $model_go ns/op (JMH average)"

ratio() { awk -v r="$2" -v m="$3" -v n="$1" 'BEGIN {printf "ratio %s real/model = %.2f\n", n, r / m}'; }
ratio glibc-create-join "$real_c" "$model_glibc"
if [ -n "$real_go" ]; then
  ratio go-spawn-exit "$real_go" "$model_go"
fi
