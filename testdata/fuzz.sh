#!/bin/sh
# fuzz.sh -- run every libFuzzer harness of a -Dfuzz=true build.
#
# usage: fuzz.sh BUILD_DIR SECONDS [RUNS]
#
# Each harness BUILD_DIR/src/NAME_fuzz starts from the seeds in
# testdata/fuzz/NAME/ (copied, so the repository is not written to) with
# the dictionary testdata/fuzz/NAME.dict when there is one, and runs for
# SECONDS and/or RUNS executions, whichever ends first (SECONDS 0: no time
# limit).  FUZZ_SEED=N fixes the random seed, so a run can be repeated.
# A crash, leak, timeout or sanitizer report fails the harness; its
# reproducer is kept in BUILD_DIR/fuzz-artifacts/NAME/ and printed as a
# dump.  Prints "N passed, M failed".
set -u
build=$1 secs=$2 runs=${3:-}
here=$(cd "$(dirname "$0")" && pwd)
pass=0 fail=0
keep=$build/fuzz-artifacts
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
for exe in "$build"/src/*_fuzz; do
  [ -x "$exe" ] || continue
  name=$(basename "$exe" _fuzz)
  mkdir -p "$work/$name/corpus" "$work/$name/artifacts"
  [ -d "$here/fuzz/$name" ] && cp "$here/fuzz/$name"/* "$work/$name/corpus/" 2>/dev/null
  set -- -timeout=10 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
    -artifact_prefix="$work/$name/artifacts/"
  [ -f "$here/fuzz/$name.dict" ] && set -- "$@" -dict="$here/fuzz/$name.dict"
  # FUZZ_SEED fixes libFuzzer's random seed, so that a CI run repeats one seen before.
  [ -n "${FUZZ_SEED:-}" ] && set -- "$@" -seed="$FUZZ_SEED"
  [ "$secs" -gt 0 ] && set -- "$@" -max_total_time="$secs"
  [ -n "$runs" ] && set -- "$@" -runs="$runs"
  if "$exe" "$@" "$work/$name/corpus" >"$work/$name/log" 2>&1; then
    execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$work/$name/log" | grep -o '[0-9]*$')
    echo "ok   $name: $execs executions"
    pass=$((pass + 1))
  else
    echo "FAIL $name"
    grep -E 'ERROR|SUMMARY|runtime error|==[0-9]+==' "$work/$name/log" | head -20
    for a in "$work/$name/artifacts"/*; do
      [ -f "$a" ] || continue
      mkdir -p "$keep/$name" && cp "$a" "$keep/$name/"
      echo "reproducer $keep/$name/$(basename "$a"):"; od -A d -c "$a" | head -20
    done
    fail=$((fail + 1))
  fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
