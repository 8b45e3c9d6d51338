#!/bin/sh
# bench-perfdata.sh -- end-to-end time of `flame-collapse FILE` against
# `perf script --no-inline -i FILE | flame-collapse` and `perf script -i
# FILE | flame-collapse`, on a frame-pointer capture of a few MB that perf
# records here (skipped, 77, where it cannot).  Prints the best of 3 runs
# of each in CPU time, and checks the outputs are the same.
#
# usage: bench-perfdata.sh FLAME_COLLAPSE SRC_DIR CC [CC_ARGS...]
set -u
collapse=$1 src=$2
shift 2
case $collapse in /*) ;; *) collapse=$(pwd)/$collapse ;; esac
case $src in /*) ;; *) src=$(pwd)/$src ;; esac
command -v perf >/dev/null 2>&1 || { echo "perf not installed: skipped"; exit 77; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
"$@" -O2 -g -fno-omit-frame-pointer -fno-optimize-sibling-calls -o fp "$src/fp.c" -lpthread ||
  exit 1
perf record -q -e cpu-clock -F 4999 -g -o fp.data -- ./fp 300 >/dev/null 2>&1 ||
  { echo "perf cannot record here: skipped"; exit 77; }
echo "capture: $(wc -c < fp.data) bytes, $(perf script -i fp.data 2>/dev/null | grep -c cpu-clock) samples"
best() { # label command...
  label=$1; shift
  b=
  for i in 1 2 3; do
    # CPU time (user + system, the pipeline's processes together): the
    # machine may be shared, and wall time then says little.
    t=$( { /usr/bin/time -f '%U %S' sh -c "$*" > out.$label; } 2>&1 | tail -1 |
      awk '{ print $1 + $2 }')
    if [ -z "$b" ] || [ "$(echo "$t < $b" | bc)" = 1 ]; then b=$t; fi
  done
  printf '%-10s %8.3f s CPU\n' "$label" "$b"
}
best direct "'$collapse' fp.data"
best noinline "perf script --no-inline -i fp.data 2>/dev/null | '$collapse'"
best default "perf script -i fp.data 2>/dev/null | '$collapse'"
cmp -s out.direct out.noinline && echo "outputs: the same" || echo "outputs: differ"
