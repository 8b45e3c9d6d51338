#!/bin/sh
# check-perl-corpus.sh -- flame-collapse against stackcollapse-perf.pl's outputs.
#
# usage: check-perl-corpus.sh FLAME_COLLAPSE SHARED_DIR DIFFS_TABLE
#
# With --compat=perl every case of SHARED_DIR/corpus/flamegraph-pl must be
# byte-identical.  Without it, each case may differ from the Perl output
# only by the number of lines recorded in DIFFS_TABLE (the documented fixes:
# the last sample without a blank line after it).  Exits 77 (skipped) when
# the shared corpus is not there.
set -u
bin=$1 shared=$2 table=$3
corpus=$shared/corpus/flamegraph-pl
if [ ! -x "$shared/bin/check-collapse-corpus" ] || [ ! -d "$corpus" ]; then
  echo "shared corpus not found at $shared: skipped"
  exit 77
fi
out=$("$shared/bin/check-collapse-corpus" "$bin" --compat=perl)
echo "$out" | tail -5
case $out in *"78 passed, 0 failed"*) ;; *) echo "FAIL: --compat=perl corpus"; exit 1 ;; esac
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail=0 pass=0
for input in "$corpus"/test/*.txt; do
  stem=$(basename "$input" .txt)
  for opt in pid tid kernel jit all addrs; do
    want=$corpus/test/results/$stem-collapsed-$opt.txt
    [ -f "$corpus/current-perl-output/$stem-collapsed-$opt.txt" ] && want=$corpus/current-perl-output/$stem-collapsed-$opt.txt
    "$bin" --"$opt" "$input" >"$tmp/out" 2>/dev/null
    got=$(diff "$tmp/out" "$want" | grep -c '^[<>]')
    allowed=$(awk -v s="$stem" -v o="$opt" '$1 == s && $2 == o { print $3 }' "$table")
    [ -n "$allowed" ] || allowed=0
    if [ "$got" -ne "$allowed" ]; then
      echo "FAIL default mode $stem --$opt: $got differing lines, documented $allowed"
      fail=$((fail + 1))
    else
      pass=$((pass + 1))
    fi
  done
done
# Real captures: compressed perf script text with the Perl collapser's default output.
for xz in "$shared"/corpus/real/*.perf.txt.xz; do
  [ -f "$xz" ] || continue
  stem=$(basename "$xz" .perf.txt.xz)
  want=$shared/corpus/real/$stem.collapsed.txt
  xz -dc "$xz" >"$tmp/in"
  if "$bin" --compat=perl "$tmp/in" 2>/dev/null | cmp -s - "$want"; then
    pass=$((pass + 1))
  else
    echo "FAIL --compat=perl real capture $stem"; fail=$((fail + 1))
  fi
  got=$("$bin" "$tmp/in" 2>/dev/null | diff - "$want" | grep -c '^[<>]')
  allowed=$(awk -v s="$stem" '$1 == s && $2 == "real" { print $3 }' "$table")
  [ -n "$allowed" ] || allowed=0
  if [ "$got" -ne "$allowed" ]; then
    echo "FAIL default mode real capture $stem: $got differing lines, documented $allowed"
    fail=$((fail + 1))
  else
    pass=$((pass + 1))
  fi
done
echo "default mode and real captures: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
