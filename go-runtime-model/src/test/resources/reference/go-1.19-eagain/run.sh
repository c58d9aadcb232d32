#!/bin/bash
# Reproduces the captures in captures/: Go 1.19 thread creation failing with EAGAIN
# because RLIMIT_NPROC (ulimit -u) is reached.
#
# Needs: root (to lower RLIMIT_NPROC and to run the programs as an unprivileged user;
# root itself ignores RLIMIT_NPROC), Go 1.19 (Debian golang-go), gcc, strace.
# usage: bash run.sh [USER] [REPEATS]
#   USER     unprivileged user to run the programs as (default nobody). RLIMIT_NPROC counts
#            every thread of that user on the machine, so it must have no other processes.
#   REPEATS  untraced runs of each scenario for captures/runs.txt (default 10)
set -u
cd "$(dirname "$0")"
RUN_AS=${1:-nobody}
REPEATS=${2:-10}
OUT="$(pwd)/captures"
TR=clone,clone3,mmap,munmap,mprotect,madvise,rt_sigprocmask,sigaltstack,gettid,getpid,futex,nanosleep,clock_nanosleep,exit,exit_group,write,tgkill,rt_sigaction

if [ "$(id -u)" != 0 ]; then echo "run.sh: must run as root" >&2; exit 1; fi
if pgrep -u "$RUN_AS" >/dev/null; then
  echo "run.sh: user $RUN_AS has processes; the thread limits below would be off" >&2; exit 1
fi

W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
chmod 755 "$W"
export GOCACHE="$W/gocache" GOPATH="$W/gopath" GOFLAGS=-mod=mod GO111MODULE=on GOTOOLCHAIN=local GOENV=off

build() { # name cgo_enabled
  mkdir -p "$W/src/$1" "$W/bin"
  cp "$1.go.txt" "$W/src/$1/main.go"
  printf 'module %s\n\ngo 1.19\n' "$1" >"$W/src/$1/go.mod"
  (cd "$W/src/$1" && CGO_ENABLED=$2 go build -trimpath -o "$W/bin/$1" .) || exit 1
  chmod 755 "$W/bin" "$W/bin/$1"
}
build cgo_eagain 1
build nocgo_eagain 0

mkdir -p "$OUT"
{
  go version
  ldd --version | head -1
  strace -V | head -1
  uname -sr
  echo "nproc: $(nproc)"
} >"$OUT/environment.txt"

# capture NAME LIMIT [strace options --] PROGRAM ARGS...: traced run as RUN_AS under ulimit -u LIMIT
capture() {
  local name=$1 lim=$2; shift 2
  local opts=(-f -tt -e "trace=$TR")
  if [ "$1" = -k ]; then opts=(-f -k -e trace=clone3,clock_nanosleep,tgkill); shift; fi
  (
    cd "$W"
    ulimit -u "$lim"
    GOMAXPROCS=4 strace -u "$RUN_AS" "${opts[@]}" -o "$OUT/$name.strace" "$@" \
      >"$OUT/$name.stdout" 2>"$OUT/$name.stderr"
    echo "exit status $? (ulimit -u $lim, GOMAXPROCS=4, args: ${*:2})" >"$OUT/$name.exit"
  )
}

# 1. cgo, every try fails: 8 goroutines in a 300 ms C usleep, at most 8 threads.
capture cgo_full 8 "$W/bin/cgo_eagain" 8 300
# 1b. the same, only clone3/clock_nanosleep/tgkill with strace -k stacks (who retries).
capture cgo_full_stacks 8 -k "$W/bin/cgo_eagain" 8 300
# 2. cgo, a later try succeeds: 8 helper pthreads fill the limit and exit after 30 ms.
capture cgo_retry_ok 14 "$W/bin/cgo_eagain" 8 300 30 8
# 3. pure Go: one clone, no retry.
capture nocgo 8 "$W/bin/nocgo_eagain" 8 300

# Untraced repeats: exit status and the first stderr lines. GOTRACEBACK=crash makes Go's
# SIGABRT handler re-raise the signal instead of exiting with status 2.
{
  for spec in "cgo_full 8 GOTRACEBACK=single cgo_eagain 8 300" \
    "cgo_full_crash 8 GOTRACEBACK=crash cgo_eagain 8 300" \
    "cgo_retry_ok 14 GOTRACEBACK=single cgo_eagain 8 300 30 8" \
    "nocgo 8 GOTRACEBACK=single nocgo_eagain 8 300"; do
    set -- $spec
    name=$1 lim=$2 tb=$3 bin=$4; shift 4
    echo "== $name: ulimit -u $lim, GOMAXPROCS=4, $tb, $bin $*, $REPEATS runs"
    for i in $(seq "$REPEATS"); do
      (
        cd "$W"
        ulimit -u "$lim"
        env GOMAXPROCS=4 "$tb" setpriv --reuid="$RUN_AS" --regid="$RUN_AS" --clear-groups \
          "$W/bin/$bin" "$@" >"$W/o" 2>"$W/e"
        rc=$?
        echo "run $i: exit $rc; stdout: $(tr '\n' '|' <"$W/o")"
        echo "  stderr ($(wc -l <"$W/e") lines): $(head -4 "$W/e" | tr '\n' '|')"
      ) 2>/dev/null # the shell's "Aborted" notice
    done
  done
} >"$OUT/runs.txt"
# strace -k prints the binary's path: name it relative to the build directory.
sed -i "s|$W/|./|g" "$OUT"/*
echo "run.sh: captures written to $OUT"
