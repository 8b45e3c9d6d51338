#!/bin/sh
# check-inline.sh -- flame-collapse --inline/--context on a real capture of
# the C++ test program (testdata/symbolize/cxx.*, see its README.md).
#
# usage: check-inline.sh FLAME_COLLAPSE FLAME_SYMBOLIZE SYMPROGXX DATA_DIR
#
# The capture names the program @PROG@; the freshly built symprogxx is put
# in its place.  Checks:
#  - --compat=perl --inline [--context] equals stackcollapse-perf.pl's
#    output (made with the Perl tool when the capture was recorded);
#  - --inline [--context] equals the committed flamekit output and equals
#    --keep-addrs=all piped into flame-symbolize --inline [--lines].
# Exits 77 (skipped) when the compiler here lays symprogxx out differently
# from the recorded build (its function table, from nm, differs).
set -u
collapse=$1 symbolize=$2 prog=$3 data=$4
case $prog in /*) ;; *) prog=$(pwd)/$prog ;; esac
command -v nm >/dev/null 2>&1 || { echo "nm not installed: skipped"; exit 77; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

nm -S --defined-only "$prog" | grep -E ' [tTwW] ' > "$tmp/nm"
if ! cmp -s "$tmp/nm" "$data/cxx.nm"; then
  echo "symprogxx differs from the recorded build (compiler): skipped"
  diff "$data/cxx.nm" "$tmp/nm" | head -5
  exit 77
fi
case $prog in *'#'*) echo "path holds '#': skipped"; exit 77 ;; esac
sed "s#@PROG@#$prog#" "$data/cxx.perf.txt" > "$tmp/in"

pass=0 fail=0
check() { # name expected actual
  if cmp -s "$2" "$3"; then
    pass=$((pass + 1))
  else
    echo "FAIL $1"; diff "$2" "$3" | head -10; fail=$((fail + 1))
  fi
}
"$collapse" --compat=perl --inline "$tmp/in" > "$tmp/pi"
check "perl --inline" "$data/cxx.perl-inline.folded" "$tmp/pi"
"$collapse" --compat=perl --inline --context "$tmp/in" > "$tmp/pc"
check "perl --inline --context" "$data/cxx.perl-context.folded" "$tmp/pc"
"$collapse" --inline "$tmp/in" > "$tmp/fi"
check "--inline" "$data/cxx.inline.folded" "$tmp/fi"
"$collapse" --inline --context "$tmp/in" > "$tmp/fc"
check "--inline --context" "$data/cxx.context.folded" "$tmp/fc"
"$collapse" --keep-addrs=all "$tmp/in" > "$tmp/keep"
"$symbolize" --inline "$tmp/keep" > "$tmp/si" 2>"$tmp/err"
check "--keep-addrs=all | flame-symbolize --inline" "$tmp/fi" "$tmp/si"
"$symbolize" --inline --lines "$tmp/keep" > "$tmp/sc" 2>>"$tmp/err"
check "--keep-addrs=all | flame-symbolize --inline --lines" "$tmp/fc" "$tmp/sc"
# Every frame of the program carries module and address, and nothing else does.
if grep -q "'$prog+0x" "$tmp/keep" && ! grep -q "[^']$prog" "$tmp/keep"; then
  pass=$((pass + 1))
else
  echo "FAIL --keep-addrs=all encoding"; fail=$((fail + 1))
fi
# With the module gone (and no copy in an empty build-id cache) every such
# frame falls back to perf's name.
sed "s#'$prog+0x#'$tmp/gone+0x#g" "$tmp/keep" |
  "$symbolize" --inline --buildid-dir "$tmp/none" > "$tmp/gone" 2>/dev/null
"$collapse" "$tmp/in" > "$tmp/plain"
check "fallback to perf's names" "$tmp/plain" "$tmp/gone"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
