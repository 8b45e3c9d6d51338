#!/bin/sh
# bench-perfdata.sh -- end-to-end time of `flame-collapse FILE` against
# `perf script --no-inline -i FILE | flame-collapse` and `perf script -i
# FILE | flame-collapse`, on a frame-pointer capture of a few MB that perf
# records here (skipped, 77, where it cannot), and on a --call-graph dwarf
# capture of a few tens of MB (gcc -O2 compiling a generated C file):
# there also `perf script -i FILE | flame-collapse --inline` (perf's
# default, inline-resolving script) against `flame-collapse --inline FILE`.
# Prints the best of 3 runs of each in CPU time (1 run of the inline-
# resolving perf script on the DWARF capture: it takes tens of seconds),
# and how much of the weight is in identical stacks (for --inline, against
# `perf script --no-inline | flame-collapse --inline`).
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
runs=3
best() { # label command...
  label=$1; shift
  b=
  for i in $(seq $runs); do
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

# Identical stacks' share of the weight, expected against actual.
near() {
  awk 'FNR == NR { w[$0] = 1; split($0, a, " "); tw += a[length(a)]; next }
      { split($0, a, " "); n = a[length(a)]; tg += n; if ($0 in w) same += n }
      END { printf "outputs: totals %s, %.2f%% of the weight in identical stacks\n",
        tw == tg ? "the same" : "differ", tg ? same * 100 / tg : 0 }' "$1" "$2"
}

# DWARF: gcc -O2 on 300 generated functions, user time only.
awk 'BEGIN { for (i = 0; i < 300; i++) printf "static int t%d[64];\nint f%d(int x, int y) " \
  "{ int s = 0; for (int k = 0; k < 64; k++) { t%d[k] = x * k + y; s += t%d[k] %% (k + 3); " \
  "if (s > %d) s ^= y << (k & 7); } return s + (x & 3); }\n", i, i, i, i, i * 7 }' > gen.c
perf record -q -e cpu-clock:u --call-graph dwarf -o dw.data -- "$@" -O2 -c gen.c -o gen.o \
  >/dev/null 2>&1 || { echo "perf record --call-graph dwarf failed"; exit 1; }
echo "DWARF capture: $(wc -c < dw.data) bytes, $(perf script -i dw.data --no-inline 2>/dev/null | grep -c cpu-clock) samples"
mv out.direct out.fp
best direct "'$collapse' dw.data"
best noinline "perf script --no-inline -i dw.data 2>/dev/null | '$collapse'"
near out.noinline out.direct
best inline "'$collapse' --inline dw.data"
runs=1
best default "perf script -i dw.data 2>/dev/null | '$collapse' --inline"
# perf's own inline frames are not flame-collapse's: compare with the pipeline
# whose output flame-collapse --inline FILE is meant to match.
perf script --no-inline -i dw.data 2>/dev/null | "$collapse" --inline > out.noinline-inline
near out.noinline-inline out.inline
