#!/bin/sh
# golden.sh -- run end-to-end golden cases for the flame-* commands.
#
# usage: golden.sh BUILD_CMD_DIR CASE_DIR...
#
# A case is a file NAME.cmd holding one command line (run by sh from the
# case's directory, with the flame-* commands first on PATH) and siblings:
#   NAME.in    standard input (default: empty)
#   NAME.out   expected standard output, compared byte for byte (optional)
#   NAME.exit  expected exit status (default 0)
#   NAME.err   extended regular expression that a line of stderr must match
#              (an empty stderr reads as one empty line; optional: without
#              it stderr must be empty when the status is 0)
# Every case runs under the C and C.UTF-8 locales.  Set GOLDEN_UPDATE=1 to
# rewrite the .out and .exit files from the current behaviour.
# Prints one line per failure and "N passed, M failed"; exits 1 on failure.
set -u
bindir=$(cd "$1" && pwd); shift
PATH=$bindir:$PATH; export PATH
pass=0 fail=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for dir in "$@"; do
  for cmdfile in "$dir"/*.cmd; do
    [ -f "$cmdfile" ] || continue
    base=${cmdfile%.cmd}; name=$(basename "$base")
    want_exit=0; [ -f "$base.exit" ] && want_exit=$(cat "$base.exit")
    input=/dev/null; [ -f "$base.in" ] && input=$base.in
    cmdline=$(cat "$cmdfile")
    for loc in C C.UTF-8; do
      ( cd "$(dirname "$cmdfile")" && LC_ALL=$loc sh -c "$cmdline" ) \
        <"$input" >"$tmp/out" 2>"$tmp/err"
      got_exit=$?
      if [ "${GOLDEN_UPDATE:-0}" = 1 ] && [ "$loc" = C ]; then
        cp "$tmp/out" "$base.out"
        if [ "$got_exit" = 0 ]; then rm -f "$base.exit"; else echo "$got_exit" >"$base.exit"; fi
        want_exit=$got_exit
      fi
      why=
      if [ "$got_exit" != "$want_exit" ]; then
        why="exit $got_exit, expected $want_exit"
      elif [ -f "$base.out" ] && ! cmp -s "$tmp/out" "$base.out"; then
        why="stdout differs: $(diff "$base.out" "$tmp/out" | head -5 | tr '\n' '|')"
      elif [ -f "$base.err" ] && ! { cat "$tmp/err"; echo; } | grep -Eq -- "$(cat "$base.err")"; then
        why="stderr does not match /$(cat "$base.err")/: $(head -3 "$tmp/err" | tr '\n' '|')"
      elif [ ! -f "$base.err" ] && [ "$want_exit" = 0 ] && [ -s "$tmp/err" ]; then
        why="unexpected stderr: $(head -3 "$tmp/err" | tr '\n' '|')"
      fi
      if [ -n "$why" ]; then
        fail=$((fail + 1)); echo "FAIL $dir/$name [$loc]: $why"
      else
        pass=$((pass + 1))
      fi
    done
  done
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
