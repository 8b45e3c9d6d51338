#!/bin/sh
# diffrun.sh -- run two builds of the flame-* commands side by side and
# report every difference in standard output, standard error or exit status.
#
# usage: diffrun.sh OLD_BIN_DIR NEW_BIN_DIR [SHARED_DIR]
#
# A restructuring must not change behaviour: this runs both sets of
# binaries over the project's captures and golden inputs, the FlameGraph
# corpus and a slice of the benchmark inputs (from SHARED_DIR, default
# ../shared beside the project, when present), each with many option
# combinations.  Messages are compared with each build's directory name
# taken out.  Prints one line per difference and "N runs, M differences";
# exits 1 when there is a difference.
set -u
old=$(cd "$1" && pwd) new=$(cd "$2" && pwd)
root=$(cd "$(dirname "$0")/../.." && pwd)
shared=${3:-$root/../shared}
td=$root/testdata
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
runs=0 diffs=0

# run CMD ARGS... -- with stdin from $in (default /dev/null).
run() {
  cmd=$1; shift
  runs=$((runs + 1))
  for side in old new; do
    eval "bin=\$$side"
    (cd "$tmp/w" && LC_ALL=C "$bin/$cmd" "$@") <"${in:-/dev/null}" \
      >"$tmp/$side.out" 2>"$tmp/$side.err"
    echo $? >"$tmp/$side.exit"
    sed "s|$bin/||g" "$tmp/$side.err" >"$tmp/$side.err2"
    # Files written with -o are compared too.
    if [ -f "$tmp/w/o.out" ]; then mv "$tmp/w/o.out" "$tmp/$side.file"; else : >"$tmp/$side.file"; fi
  done
  for part in out err2 exit file; do
    if ! cmp -s "$tmp/old.$part" "$tmp/new.$part"; then
      diffs=$((diffs + 1))
      echo "DIFF ($part) $cmd $* <${in:-/dev/null}"
      break
    fi
  done
}
mkdir -p "$tmp/w"

perf_inputs=$(ls "$td"/perf/*.perf.txt "$td"/flame-collapse/*.perf.txt \
  "$td"/hostile/*.perf "$td"/symbolize/*.perf.txt 2>/dev/null)
if [ -d "$shared/corpus/flamegraph-pl/test" ]; then
  perf_inputs="$perf_inputs $(ls "$shared"/corpus/flamegraph-pl/test/*.txt)"
fi
if [ -d "$shared/corpus/real" ]; then
  for x in "$shared"/corpus/real/*.perf.txt.xz; do
    b=$(basename "$x" .xz)
    xz -dc "$x" >"$tmp/$b" && perf_inputs="$perf_inputs $tmp/$b"
  done
fi
if [ -x "$shared/bench/make-big-perf.sh" ] && [ -d "$shared/corpus/real" ]; then
  bash "$shared/bench/make-big-perf.sh" 20 "$tmp/big.perf.txt" >/dev/null 2>&1 &&
    perf_inputs="$perf_inputs $tmp/big.perf.txt"
fi

# flame-collapse: every perf input with each option set, from a file and a pipe.
for f in $perf_inputs; do
  for opts in "" "--pid" "--tid" "--kernel" "--jit" "--all" "--addrs" \
      "--compat=perl" "--compat=perl --all" "--compat=perl --tid" \
      "--keep-addrs" "--keep-addrs=all" "--skip-after=main" "-j 2" "-j 2 --tid" \
      "--event-filter=cpu-clock" "--strict" "-v"; do
    # shellcheck disable=SC2086
    in= run flame-collapse $opts "$f"
  done
  in=$f run flame-collapse --all -
done
# Go and pprof inputs, and everything else golden cases feed flame-collapse.
for f in $(ls "$td"/flame-collapse/* "$td"/hostile/* 2>/dev/null |
    grep -Ev '\.(cmd|out|err|exit)$'); do
  in= run flame-collapse "$f"
  in= run flame-collapse --go-state "$f"
  in= run flame-collapse --format=pprof-raw "$f"
done

# Folded inputs for the other stages: the project's collapsed outputs, the
# corpus' expected outputs and the golden inputs.
folded=$(ls "$td"/perf/*.collapsed-*.txt "$td"/perf/*.flamekit-*.txt \
  "$td"/hostile/*.folded "$td"/flame-*/*.in "$td"/flame-*/*.folded \
  "$td"/symbolize/*.folded 2>/dev/null)
if [ -d "$shared/corpus/real" ]; then
  folded="$folded $(ls "$shared"/corpus/real/*.collapsed.txt)"
fi
if [ -x "$shared/bench/make-big-folded.sh" ]; then
  bash "$shared/bench/make-big-folded.sh" "$tmp/big.folded" 50000 >/dev/null 2>&1 &&
    folded="$folded $tmp/big.folded"
fi
prev=
for f in $folded; do
  for opts in "" "-e main" "-i -e MAIN" "-F -e main" "-x -e main" "--ignore=main" \
      "-v main" "--hide=libc" "--show=main" "--show-from=main" "--prune-from=main" \
      "--keep-root -e main" "-e [" ; do
    # shellcheck disable=SC2086
    in= run flame-focus $opts "$f"
  done
  for opts in "" "--max-depth=3" "--min-count=2" "--min-percent=1" "--drop --min-percent=1" \
      "--strip-offsets" "--strip-args" "--collapse-recursion" "--collapse-recursion=all" \
      "--strip-annotations" "--max-stacks=5" "--min-fraction=0.01" "--replace=s/a/b/"; do
    # shellcheck disable=SC2086
    in= run flame-trim $opts "$f"
  done
  in= run flame-symbolize "$f"
  in= run flame-symbolize --compat=perl --no-demangle "$f"
  for opts in "" "--colors=java" "--hash --title=T" "--inverted --reverse" \
      "--flamechart" "--minwidth=0" "--minwidth=1%" "--width=600 --height=20" \
      "--format=md" "--format=txt" "--countname=samples --factor=2" "--cp"; do
    # shellcheck disable=SC2086
    in= run flame-graph $opts "$f"
  done
  in= run flame-graph -o o.out --format=png "$f"
  if [ -n "$prev" ]; then
    for opts in "" "-n" "-s" "-ns" "--fail-above 5"; do
      # shellcheck disable=SC2086
      in= run flame-diff $opts "$prev" "$f"
    done
  fi
  prev=$f
done
# Each stage from standard input, and unreadable operands.
for c in flame-collapse flame-focus flame-trim flame-symbolize flame-graph; do
  in=$td/perf/demo.collapsed-default.txt run $c
  in= run $c /nonexistent
  in= run $c "$td"
  in= run $c --no-such-option
done

echo "$runs runs, $diffs differences"
[ "$diffs" -eq 0 ]
