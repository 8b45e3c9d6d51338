#!/bin/sh
# check-captures.sh -- flame-collapse on the project's own perf captures.
#
# usage: check-captures.sh FLAME_COLLAPSE CAPTURE_DIR
#
# Each NAME.perf.txt has NAME.collapsed-OPT.txt made by stackcollapse-perf.pl
# (see CAPTURE_DIR/README.md).  --compat=perl must match every one exactly;
# the default mode must match too unless NAME.flamekit-OPT.txt records what
# the fixed mode writes instead (a documented fix).
set -u
bin=$1 dir=$2
pass=0 fail=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for input in "$dir"/*.perf.txt; do
  stem=$(basename "$input" .perf.txt)
  for opt in default pid tid kernel jit all addrs; do
    arg=--$opt; [ "$opt" = default ] && arg=
    want=$dir/$stem.collapsed-$opt.txt
    [ -f "$want" ] || continue
    for mode in --compat=perl ""; do
      exp=$want
      [ -z "$mode" ] && [ -f "$dir/$stem.flamekit-$opt.txt" ] && exp=$dir/$stem.flamekit-$opt.txt
      # shellcheck disable=SC2086
      if "$bin" $mode $arg "$input" >"$tmp/out" 2>"$tmp/err" && cmp -s "$tmp/out" "$exp"; then
        pass=$((pass + 1))
      else
        fail=$((fail + 1)); echo "FAIL $stem ${mode:-default mode} $arg: $(diff "$tmp/out" "$exp" | head -3 | tr '\n' '|')"
      fi
    done
  done
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
