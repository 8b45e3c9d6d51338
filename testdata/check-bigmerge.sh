#!/bin/sh
# check-bigmerge.sh -- the bounded merge (--memory, src/core/spill.c) of
# flame-trim, flame-focus and flame-diff.
#
# usage: check-bigmerge.sh CMD_DIR
#
# On 1M distinct stacks (made here with awk; a comment header, a bad line,
# repeated stacks with decimal counts): the output with a budget of 2 MiB
# (dozens of runs spilled and merged) is byte-identical to the in-memory
# merge, stderr too, also with flame-trim's --min-* and --max-stacks (which
# spill: they fail without a TMPDIR); under `ulimit -v` the bounded merge (and the default
# budget, which follows the limit) succeeds where the in-memory merge runs
# out of memory (skipped when FLAMEKIT_SANITIZE names a sanitizer: their
# shadow memory defeats the limit); no temporary file is left in $TMPDIR,
# also after SIGTERM while runs are on disk and in the middle of the final
# merge; a temporary file that cannot
# be written (a file size limit, as a full disk) is a clear error, exit 1,
# and leaves -o's file as it was.
set -u
cmd=$1
for c in flame-trim flame-focus flame-diff; do
  [ -x "$cmd/$c" ] || { echo "$c not built: skipped"; exit 77; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0 pass=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL $*"; fail=$((fail + 1)); }

# 1M distinct stacks over ~130 distinct frames (as many machines' stacks
# are: new paths through the same code), then every 7th again with a decimal
# count, so that equal stacks meet in different runs.
spill=$tmp/spill
mkdir "$spill"
export TMPDIR="$spill"
awk 'BEGIN {
  print "# flamekit-test: bigmerge"
  for (i = 0; i < 1000000; i++) {
    printf "m;a%d;b%d;c%d;d%d %d\n", i % 32, int(i / 32) % 32, int(i / 1024) % 32, int(i / 32768), i % 9 + 1
    if (i == 500000) print "a line without a count"
  }
  for (i = 0; i < 1000000; i += 7)
    printf "m;a%d;b%d;c%d;d%d 0.25\n", i % 32, int(i / 32) % 32, int(i / 1024) % 32, int(i / 32768)
}' > "$tmp/a.folded"
awk 'BEGIN {
  for (i = 300000; i < 1300000; i++)
    printf "m;a%d;b%d;c%d;d%d %d\n", i % 32, int(i / 32) % 32, int(i / 1024) % 32, int(i / 32768), i % 5
}' > "$tmp/b.folded"

# NAME ARGS...: in memory (a budget larger than the data) and within 2 MiB.
same() {
  name=$1; shift
  "$@" --memory=100% > "$tmp/mem.out" 2> "$tmp/mem.err"; rm=$?
  "$@" --memory=2M > "$tmp/low.out" 2> "$tmp/low.err"; rl=$?
  if [ $rm -ne 0 ] || [ $rl -ne 0 ]; then
    bad "$name: exit $rm in memory, $rl bounded"; cat "$tmp/mem.err" "$tmp/low.err"
  elif ! cmp -s "$tmp/mem.out" "$tmp/low.out"; then
    bad "$name: bounded output differs"; cmp "$tmp/mem.out" "$tmp/low.out"
  elif ! cmp -s "$tmp/mem.err" "$tmp/low.err"; then
    bad "$name: bounded stderr differs"; diff "$tmp/mem.err" "$tmp/low.err"
  elif [ "$(wc -l < "$tmp/mem.out")" -lt "${min_lines:-1}" ]; then
    bad "$name: only $(wc -l < "$tmp/mem.out") lines"
  else
    ok
  fi
}
min_lines=1000001 same "flame-trim" "$cmd/flame-trim" "$tmp/a.folded"
grep -q '^# flamekit-test: bigmerge$' "$tmp/low.out" || bad "flame-trim: header lost"
grep -q '^m;a0;b0;c0;d0 1.25$' "$tmp/low.out" || bad "flame-trim: decimal sum wrong"
grep -q "a.folded:500003: the last field is not a count" "$tmp/low.err" ||
  bad "flame-trim: bad line not reported: $(cat "$tmp/low.err")"
cp "$tmp/mem.out" "$tmp/trim.want"
min_lines=30000 same "flame-trim --max-depth=4" "$cmd/flame-trim" --max-depth=4 "$tmp/a.folded"
# The tree-wide steps, walked from runs on disk (src/filter/trim_stream.c):
# thresholds (the fraction takes a pass for the total), --max-stacks with
# a small N and a large one (the weights tie, so the last kept ones are
# found among equals), and both.
min_lines=500000 same "flame-trim --min-count=5" "$cmd/flame-trim" --min-count=5 "$tmp/a.folded"
cp "$tmp/mem.out" "$tmp/trim-min.want"
min_lines=400000 same "flame-trim --min-fraction --drop" "$cmd/flame-trim" --min-fraction=0.000001 \
  --drop "$tmp/a.folded"
min_lines=2000 same "flame-trim --max-stacks=1000" "$cmd/flame-trim" --max-stacks=1000 "$tmp/a.folded"
grep -q '^m;a0;b0;c0;\[other\] ' "$tmp/low.out" || bad "flame-trim --max-stacks: no [other] under a kept frame"
min_lines=400000 same "flame-trim --max-stacks=400000" "$cmd/flame-trim" --max-stacks=400000 "$tmp/a.folded"
cp "$tmp/mem.out" "$tmp/trim-max.want"
min_lines=10000 same "flame-trim --min-count --max-stacks" "$cmd/flame-trim" --min-count=3 \
  --max-stacks=5000 "$tmp/a.folded"
# They really spill: without a TMPDIR the bounded run fails where it writes its first run.
TMPDIR=/nonexistent/dir "$cmd/flame-trim" --memory=2M --max-stacks=1000 "$tmp/a.folded" \
  > /dev/null 2> "$tmp/err"; rc=$?
[ $rc -eq 1 ] && grep -q "cannot create a temporary file in '/nonexistent/dir'" "$tmp/err" && ok ||
  bad "flame-trim --max-stacks --memory=2M without a TMPDIR: exit $rc: $(cat "$tmp/err")"
min_lines=900000 same "flame-focus" "$cmd/flame-focus" -v a3 "$tmp/a.folded"
cp "$tmp/mem.out" "$tmp/focus.want"
min_lines=30000 same "flame-focus --hide" "$cmd/flame-focus" --hide='^c' "$tmp/a.folded"
min_lines=1300000 same "flame-diff" "$cmd/flame-diff" "$tmp/a.folded" "$tmp/b.folded"
cp "$tmp/mem.out" "$tmp/diff.want"
min_lines=1300000 same "flame-diff -n" "$cmd/flame-diff" -n "$tmp/a.folded" "$tmp/b.folded"
cat "$tmp/a.folded" | "$cmd/flame-trim" --memory=2M > "$tmp/got" 2>/dev/null
cmp -s "$tmp/trim.want" "$tmp/got" && ok || bad "flame-trim from a pipe differs"
[ -z "$(ls -A "$spill")" ] && ok || bad "temporary files left in TMPDIR: $(ls -A "$spill")"

# The budget holds: 40 MiB of address space is well short of what the
# in-memory merge needs, and enough for the bounded one.
case ${FLAMEKIT_SANITIZE:-none} in
none|'')
  for c in trim focus; do
    args=$([ $c = focus ] && echo "-v a3")
    # shellcheck disable=SC2086
    (ulimit -v 40960; "$cmd/flame-$c" $args --memory=100% "$tmp/a.folded" > /dev/null 2>&1) &&
      bad "flame-$c: the in-memory merge fits in 40 MiB, the limit shows nothing"
    for m in --memory=4M ''; do
      # shellcheck disable=SC2086
      (ulimit -v 40960; "$cmd/flame-$c" $args $m "$tmp/a.folded" > "$tmp/got" 2> "$tmp/err") ||
        { bad "flame-$c ${m:-(default budget)} under ulimit -v 40960: $(cat "$tmp/err")"; continue; }
      cmp -s "$tmp/$c.want" "$tmp/got" && ok || bad "flame-$c ${m:-(default budget)} under ulimit -v differs"
    done
  done
  # The tree-wide steps too: the walk holds a path of the tree, not the tree.
  for args in --min-count=5 --max-stacks=400000; do
    want=$([ $args = --min-count=5 ] && echo trim-min || echo trim-max)
    (ulimit -v 40960; "$cmd/flame-trim" $args --memory=100% "$tmp/a.folded" > /dev/null 2>&1) &&
      bad "flame-trim $args: the in-memory run fits in 40 MiB, the limit shows nothing"
    for m in --memory=4M ''; do
      # shellcheck disable=SC2086
      (ulimit -v 40960; "$cmd/flame-trim" $args $m "$tmp/a.folded" > "$tmp/got" 2> "$tmp/err") ||
        { bad "flame-trim $args ${m:-(default budget)} under ulimit -v 40960: $(cat "$tmp/err")"; continue; }
      cmp -s "$tmp/$want.want" "$tmp/got" && ok ||
        bad "flame-trim $args ${m:-(default budget)} under ulimit -v differs"
    done
  done
  (ulimit -v 40960; "$cmd/flame-diff" --memory=4M "$tmp/a.folded" "$tmp/b.folded" > "$tmp/got" 2> "$tmp/err") ||
    bad "flame-diff --memory=4M under ulimit -v 40960: $(cat "$tmp/err")"
  cmp -s "$tmp/diff.want" "$tmp/got" && ok || bad "flame-diff under ulimit -v differs"
  ;;
*) echo "ulimit -v part skipped: built with sanitizer $FLAMEKIT_SANITIZE" ;;
esac

# SIGTERM while runs are on disk: the input comes through a FIFO held open,
# so flame-trim waits for more with its runs spilled.
mkfifo "$tmp/fifo"
"$cmd/flame-trim" --memory=1M "$tmp/fifo" > /dev/null 2>&1 &
pid=$!
exec 3> "$tmp/fifo"
cat "$tmp/a.folded" >&3
n=0 held=0
while [ $n -lt 100 ]; do
  held=$(ls -l "/proc/$pid/fd" 2>/dev/null | grep -c "$spill/")
  [ "$held" -gt 0 ] && break
  sleep 0.1; n=$((n + 1))
done
[ "$held" -gt 0 ] && ok || bad "flame-trim --memory=1M holds no temporary file after 18 MB"
kill -TERM "$pid"
wait "$pid" 2>/dev/null; rc=$?
exec 3>&-
[ $rc -eq 143 ] && ok || bad "flame-trim after SIGTERM: exit $rc, not 143"
[ -z "$(ls -A "$spill")" ] && ok || bad "temporary files left after SIGTERM: $(ls -A "$spill")"

# SIGTERM in the middle of the final merge: the output goes to a FIFO that
# is read one byte and then left full, so flame-trim blocks in a write with
# its runs open.  (Output starts only once every run is on disk.)
mkfifo "$tmp/outfifo"
exec 4<> "$tmp/outfifo"
"$cmd/flame-trim" --memory=1M "$tmp/a.folded" > "$tmp/outfifo" 2> /dev/null &
pid=$!
dd bs=1 count=1 <&4 > /dev/null 2>&1
n=0 held=0
while [ $n -lt 100 ]; do
  held=$(ls -l "/proc/$pid/fd" 2>/dev/null | grep -c "$spill/")
  [ "$held" -gt 1 ] && break
  sleep 0.1; n=$((n + 1))
done
[ "$held" -gt 1 ] && ok || bad "flame-trim merging holds $held temporary files, expected several"
kill -TERM "$pid"
wait "$pid" 2>/dev/null; rc=$?
exec 4<&-
[ $rc -eq 143 ] && ok || bad "flame-trim after SIGTERM in the merge: exit $rc, not 143"
[ -z "$(ls -A "$spill")" ] && ok || bad "temporary files left after SIGTERM in the merge: $(ls -A "$spill")"

# A temporary file that cannot be written: a clear error, exit 1, -o untouched.
printf 'm;old 1\n' > "$tmp/out.folded"
(ulimit -f 512; trap '' XFSZ; "$cmd/flame-trim" --memory=1M -o "$tmp/out.folded" "$tmp/a.folded") \
  > /dev/null 2> "$tmp/err"; rc=$?
[ $rc -eq 1 ] && ok || bad "flame-trim with a full TMPDIR: exit $rc, not 1"
grep -q "cannot write a temporary file in '$spill': File too large" "$tmp/err" && ok ||
  bad "flame-trim with a full TMPDIR: $(cat "$tmp/err")"
[ "$(cat "$tmp/out.folded")" = "m;old 1" ] && ok || bad "-o file changed by a failed run"
[ "$(ls "$tmp" | grep -c 'out\.folded')" -eq 1 ] && ok || bad "-o's temporary file left: $(ls "$tmp")"
(ulimit -f 512; trap '' XFSZ; "$cmd/flame-trim" --memory=1M "$tmp/a.folded") \
  > "$tmp/stdout.folded" 2> /dev/null; rc=$?
[ $rc -eq 1 ] && [ ! -s "$tmp/stdout.folded" ] && ok ||
  bad "flame-trim to stdout with a full TMPDIR: exit $rc, $(wc -c < "$tmp/stdout.folded") bytes written"
TMPDIR=/nonexistent/dir "$cmd/flame-trim" --memory=1M "$tmp/a.folded" > /dev/null 2> "$tmp/err"; rc=$?
[ $rc -eq 1 ] && grep -q "cannot create a temporary file in '/nonexistent/dir'" "$tmp/err" && ok ||
  bad "flame-trim with a missing TMPDIR: exit $rc: $(cat "$tmp/err")"
"$cmd/flame-trim" --memory=12Q "$tmp/a.folded" > /dev/null 2> "$tmp/err"; rc=$?
[ $rc -eq 2 ] && grep -q "invalid size '12Q'" "$tmp/err" && ok || bad "--memory=12Q: exit $rc: $(cat "$tmp/err")"

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
