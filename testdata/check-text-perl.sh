#!/bin/sh
# check-text-perl.sh -- flame-collapse --compat=perl beside FlameGraph's
# stackcollapse.pl, stackcollapse-bpftrace.pl, stackcollapse-stap.pl and
# stackcollapse-jstack.pl, run live on every input of testdata/text/.
#
# usage: check-text-perl.sh FLAME_COLLAPSE TEXT_DIR FLAMEGRAPH_DIR
#
# Exits 77 (skipped) when perl or the scripts are not there.  Each input is
# also read as a pipe, and the jstack dumps with each of the script's options.
set -u
bin=$1 dir=$2 fg=$3
if ! command -v perl >/dev/null 2>&1 || [ ! -f "$fg/stackcollapse-jstack.pl" ]; then
  echo "FlameGraph scripts not found at $fg: skipped"
  exit 77
fi
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
# check SCRIPT "PERL_OPTIONS" "FLAMEKIT_OPTIONS" INPUT...
check() {
  script=$1 popt=$2 fopt=$3; shift 3
  # shellcheck disable=SC2086
  perl "$fg/$script" $popt "$@" >"$tmp/want" 2>/dev/null
  # shellcheck disable=SC2086
  "$bin" --compat=perl $fopt "$@" >"$tmp/got" 2>/dev/null
  if cmp -s "$tmp/want" "$tmp/got"; then
    pass=$((pass + 1))
  else
    fail=$((fail + 1)); echo "FAIL $script $popt $*: $(diff "$tmp/want" "$tmp/got" | head -4 | tr '\n' '|')"
  fi
}
for f in "$dir"/dtrace-*.txt; do check stackcollapse.pl "" "" "$f"; done
for f in "$dir"/bpftrace-*.txt; do check stackcollapse-bpftrace.pl "" "--format=bpftrace" "$f"; done
for f in "$dir"/stap-*.txt; do check stackcollapse-stap.pl "" "" "$f"; done
for f in "$dir"/jstack-*.txt; do
  check stackcollapse-jstack.pl "" "" "$f"
  check stackcollapse-jstack.pl --shorten-pkgs --shorten-pkgs "$f"
  check stackcollapse-jstack.pl --no-include-tname --no-thread-name "$f"
  check stackcollapse-jstack.pl "--include-tid --shorten-pkgs" "--thread-number --shorten-pkgs" "$f"
done
check stackcollapse-jstack.pl "" "" "$dir"/jstack-*.txt
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
