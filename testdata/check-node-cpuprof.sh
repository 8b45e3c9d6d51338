#!/bin/sh
# check-node-cpuprof.sh -- fold a CPU profile that node records now.
#
# usage: check-node-cpuprof.sh FLAME_COLLAPSE
#
# Runs a small program under `node --cpu-prof`, folds the profile it
# writes, and checks that the call leaf() inside middle() shows as a
# stack, that the total is the sum of the profile's timeDeltas and that
# --weight=samples counts its samples (both computed apart, with python3).
# Exits 77 (skipped) when node or python3 is not installed.
set -u
collapse=$1
command -v node >/dev/null 2>&1 || { echo "node not installed: skipped"; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "python3 not installed: skipped"; exit 77; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cat >"$tmp/prog.js" <<'JS'
function leaf(n) { let s = 0; for (let i = 0; i < n; i++) s += Math.sqrt(i); return s; }
function middle(n) { return leaf(n) + leaf(n / 2); }
const t0 = Date.now();
let x = 0;
while (Date.now() - t0 < 300) x += middle(20000);
if (x < 0) console.log(x);
JS
( cd "$tmp" && node --cpu-prof --cpu-prof-dir=prof --cpu-prof-name=p.cpuprofile prog.js ) ||
  { echo "FAIL node --cpu-prof"; exit 1; }
prof=$tmp/prof/p.cpuprofile
"$collapse" "$prof" >"$tmp/time.folded" || { echo "FAIL flame-collapse"; exit 1; }
"$collapse" --weight=samples "$prof" >"$tmp/samples.folded" || { echo "FAIL flame-collapse --weight=samples"; exit 1; }
want=$(python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); print(sum(max(x, 0) for x in d["timeDeltas"]), len(d["samples"]))' "$prof")
got=$(awk '{ s += $NF } END { printf "%d", s }' "$tmp/time.folded")
got_n=$(awk '{ s += $NF } END { printf "%d", s }' "$tmp/samples.folded")
fail=0
[ "$got $got_n" = "$want" ] || { echo "FAIL totals: got $got $got_n, profile has $want"; fail=1; }
grep -q 'middle (file://[^;]*prog.js:2:[0-9]*);leaf (file://[^;]*prog.js:1:[0-9]*) [0-9]*$' "$tmp/time.folded" ||
  { echo "FAIL no middle;leaf stack:"; head -5 "$tmp/time.folded"; fail=1; }
[ $fail = 0 ] && echo "ok: $(wc -l <"$tmp/time.folded") stacks, $got us in $got_n samples"
exit $fail
