#!/bin/sh
# check-parallel.sh -- the README's recipe for profiles from many machines,
# run here: GNU parallel collapses each capture on its own, one bounded
# merge adds them up, and the result equals collapsing the captures'
# concatenation, byte for byte.
#
# usage: check-parallel.sh CMD_DIR PERF_DIR
#
# Three forms of the recipe: results in files merged with flame-trim
# --memory; parallel's output piped into flame-trim --memory; and
# --sshlogin with ':' (parallel's name for this machine, so no ssh is
# needed; parallel runs the command through the same remote-shell path).
# Skipped (77) without Debian's parallel.
set -u
cmd=$(cd "$1" && pwd) perf=$(cd "$2" && pwd)
command -v parallel > /dev/null 2>&1 || { echo "GNU parallel not installed: skipped"; exit 77; }
for c in flame-collapse flame-trim; do
  [ -x "$cmd/$c" ] || { echo "$c not built: skipped"; exit 77; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
PATH=$cmd:$PATH
export PATH
# parallel's notices (citation, ~/.parallel) stay out of the test.
HOME=$tmp
export HOME
fail=0 pass=0
check() {
  if cmp -s "$tmp/want" "$1"; then
    pass=$((pass + 1))
  else
    echo "FAIL $2"; diff "$tmp/want" "$1" | head -20; fail=$((fail + 1))
  fi
}

# The captures: every perf script text of the test data, one event each.
set -- "$perf"/*.perf.txt
[ $# -ge 4 ] || { echo "FAIL: only $# captures in $perf"; exit 1; }
cat "$@" | flame-collapse --event-filter=cpu-clock > "$tmp/want" 2> /dev/null
[ "$(wc -l < "$tmp/want")" -gt 100 ] || { echo "FAIL: the concatenation collapses to too little"; exit 1; }

mkdir "$tmp/out"
parallel --will-cite 'flame-collapse --event-filter=cpu-clock {} > '"$tmp/out"'/{/.}.folded 2> /dev/null' ::: "$@"
[ "$(ls "$tmp/out" | wc -l)" -eq $# ] || { echo "FAIL: parallel wrote $(ls "$tmp/out" | wc -l) of $# files"; fail=$((fail + 1)); }
flame-trim --memory=1M "$tmp/out"/*.folded > "$tmp/got"
check "$tmp/got" "results in files, flame-trim --memory=1M over them"

parallel --will-cite 'flame-collapse --event-filter=cpu-clock {} 2> /dev/null' ::: "$@" |
  flame-trim --memory=1M > "$tmp/got"
check "$tmp/got" "parallel | flame-trim --memory=1M"

# Any grouping: two partial merges, then one more.
set -- "$tmp/out"/*.folded
half=$(($# / 2))
i=0 a= b=
for f; do
  i=$((i + 1))
  if [ $i -le $half ]; then a="$a $f"; else b="$b $f"; fi
done
# shellcheck disable=SC2086
flame-trim $a > "$tmp/a.folded"
# shellcheck disable=SC2086
flame-trim $b > "$tmp/b.folded"
cat "$tmp/b.folded" "$tmp/a.folded" | flame-trim --memory=1M > "$tmp/got"
check "$tmp/got" "two partial merges merged"

set -- "$perf"/*.perf.txt
cd "$tmp" || exit 1
parallel --will-cite -S : \
  'flame-collapse --event-filter=cpu-clock {} 2> /dev/null' ::: "$@" |
  flame-trim --memory=1M > "$tmp/got"
check "$tmp/got" "parallel -S : | flame-trim --memory=1M"

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
