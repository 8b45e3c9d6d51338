#!/bin/sh
# check-perfdata-files.sh -- flame-collapse on the committed perf.data
# captures of testdata/perfdata/ (see its README.md): runs anywhere, perf
# or not.  The program they name is found in the committed build-id cache;
# the kernel's symbols in the trimmed kallsyms kept there.  Checks:
#  - each option set against the perf script pipeline's output, made when
#    the captures were recorded; the pipe layout also from a pipe;
#  - a module file on disk with another build-id is reported, not read,
#    by names, --inline and --keep-addrs=all alike;
#  - damaged copies (cut at every 256 bytes, a record of size 4, an unknown
#    record type) are reported with their byte offset, never crash, and
#    keep what is intact.
#
# usage: check-perfdata-files.sh FLAME_COLLAPSE DATA_DIR
set -u
collapse=$1 data=$2
tmp=$(mktemp -d) || exit 1
# The pipe layout records no build-ids, and --inline and --keep-addrs=all
# read the program at the path it was recorded at: put the cached copy
# there when it is missing (a fresh machine), and take it away afterwards.
rec=/tmp/flamekit-perfdata-rec placed=
if [ ! -e "$rec/pdself" ]; then
  mkdir -p "$rec" && cp "$data/cache/.build-id/92/cd80acc29a63e6292f6cdec1b4db448efa700d" "$rec/pdself" &&
    chmod +x "$rec/pdself" && placed=1
fi
trap 'rm -rf "$tmp"; [ -n "$placed" ] && rm -f "$rec/pdself" && rmdir "$rec" 2>/dev/null; :' EXIT
trap 'exit 1' HUP INT TERM
export PERF_BUILDID_DIR="$data/cache" HOME="$tmp"
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL $*"; fail=$((fail + 1)); }
same() { # what expected actual
  if cmp -s "$2" "$3"; then ok; else bad "$1"; diff "$2" "$3" | head -6; fi
}
for d in pdself pdself-pipe; do
  for o in default kernel addrs keep-addrs=all inline tid; do
    a=--$o
    [ $o = default ] && a=
    "$collapse" $a "$data/$d.data" > "$tmp/out" 2> "$tmp/err" || bad "$d $o: exit status"
    same "$d ${a:-(no option)}" "$data/$d.$o.folded" "$tmp/out"
    [ -s "$tmp/err" ] && { bad "$d $o: messages"; cat "$tmp/err"; }
  done
done
# The --call-graph dwarf capture: user stacks unwound from the stack copies
# (the program is built without frame pointers), the same as perf's.
for o in default addrs inline tid; do
  a=--$o
  [ $o = default ] && a=
  "$collapse" $a "$data/pdself-dwarf.data" > "$tmp/out" 2> "$tmp/err" || bad "dwarf $o: exit status"
  same "pdself-dwarf ${a:-(no option)}" "$data/pdself-dwarf.$o.folded" "$tmp/out"
  [ -s "$tmp/err" ] && { bad "dwarf $o: messages"; cat "$tmp/err"; }
done
"$collapse" -v "$data/pdself-dwarf.data" > /dev/null 2> "$tmp/err"
if grep -q ': 166 DWARF samples: 156 unwound past the user IP, 10 with the IP only, 0 left' "$tmp/err" &&
    grep -q 'unwinding: 1 module read, 0 files unreadable, 0 with another build-id' "$tmp/err"; then
  ok; else bad "dwarf -v: unwinding counters"; cat "$tmp/err"; fi
# Without the program's copy nothing past the user IP can be unwound.
PERF_BUILDID_DIR="$tmp/empty" "$collapse" -v "$data/pdself-dwarf.data" > "$tmp/out" 2> "$tmp/err"
if [ -e /tmp/flamekit-perfdata-rec/pdself-dwarf ] ||
    { grep -q '166 with the IP only' "$tmp/err" && ! grep -q ';.*;' "$tmp/out"; }; then ok; else
  bad "dwarf without the program: IP only"; cat "$tmp/err"; head -3 "$tmp/out"; fi

# perf's libunwind finds no CFI in a module without .eh_frame_hdr, and
# shows a stack in it as its user address alone: so does flame-collapse.
# The same program with that section renamed (build-id unchanged), found
# in a copy of the cache, the capture pointing at a path that does not exist.
mkdir -p "$tmp/nohdr/.build-id/b2"
python3 - "$data" "$tmp" <<'PY'
import sys
data, tmp = sys.argv[1], sys.argv[2]
prog = open(data + '/cache/.build-id/b2/3dd0a293a3caba96899feacb4079906ca66e8d', 'rb').read()
assert prog.count(b'.eh_frame_hdr\0') == 1
open(tmp + '/nohdr/.build-id/b2/3dd0a293a3caba96899feacb4079906ca66e8d', 'wb').write(
    prog.replace(b'.eh_frame_hdr\0', b'.eh_frame_hdX\0'))
cap = open(data + '/pdself-dwarf.data', 'rb').read()
old = b'/tmp/flamekit-perfdata-rec/pdself-dwarf\0'
assert old in cap
open(tmp + '/nohdr.data', 'wb').write(cap.replace(old, b'/nonexistent/pdself-dwarf\0'.ljust(len(old), b'\0')))
PY
PERF_BUILDID_DIR="$tmp/nohdr" "$collapse" "$tmp/nohdr.data" > "$tmp/out" 2> "$tmp/err"
awk '{ n = $NF; sub(/ [0-9]+$/, ""); k = split($0, f, ";"); w[f[1] ";" f[k]] += n }
  END { for (s in w) print s, w[s] }' "$data/pdself-dwarf.default.folded" | LC_ALL=C sort > "$tmp/want"
same "no .eh_frame_hdr: the user address alone, as perf" "$tmp/want" "$tmp/out"
[ -s "$tmp/err" ] && { bad "no .eh_frame_hdr: messages"; cat "$tmp/err"; }

cat "$data/pdself-pipe.data" | "$collapse" > "$tmp/out"
same "pipe layout on stdin" "$data/pdself-pipe.default.folded" "$tmp/out"

# A system file where the program was: its build-id differs.  Also in the
# pipe layout with the build-id records `perf inject -b` adds.
for d in pdself pdself-pipe-b; do
python3 - "$data/$d.data" "$tmp/moved-$d.data" <<'PY'
import sys
b = open(sys.argv[1], 'rb').read()
old = b'/tmp/flamekit-perfdata-rec/pdself\0'
new = b'/bin/sh\0'.ljust(len(old), b'\0')
assert old in b
open(sys.argv[2], 'wb').write(b.replace(old, new))
PY
w=$d
[ $d = pdself-pipe-b ] && w=pdself-pipe
"$collapse" "$tmp/moved-$d.data" > "$tmp/out" 2> "$tmp/err"
sed 's/ [0-9]*$//' "$data/$w.default.folded" > "$tmp/want"
sed 's/ [0-9]*$//' "$tmp/out" > "$tmp/got"
same "$d, another /bin/sh: the copy found by build-id" "$tmp/want" "$tmp/got"
# --inline and --keep-addrs=all read the same copy, and the frames they
# keep carry the recorded build-id.
for o in inline keep-addrs=all; do
  "$collapse" --$o "$tmp/moved-$d.data" > "$tmp/out" 2> "$tmp/err"
  sed 's#/tmp/flamekit-perfdata-rec/pdself#/bin/sh#g' "$data/$w.$o.folded" > "$tmp/want"
  same "$d, another /bin/sh --$o: the copy found by build-id" "$tmp/want" "$tmp/out"
  [ -s "$tmp/err" ] && { bad "$d, another /bin/sh --$o: messages"; cat "$tmp/err"; }
done
done
PERF_BUILDID_DIR="$tmp/empty" "$collapse" "$tmp/moved-pdself.data" > "$tmp/out" 2> "$tmp/err"
# A module of another build-id is a warning about the file, not a bad line.
if grep -q "'/bin/sh' on this machine is not the file that was recorded" "$tmp/err" &&
    ! grep -q 'bad line' "$tmp/err" &&
    grep -q '^pdself;\[sh\];' "$tmp/out" && ! grep -q 'spin' "$tmp/out"; then ok; else
  bad "another /bin/sh without a copy: reported, frames left unnamed"; cat "$tmp/err"; head -3 "$tmp/out"
fi

# Damage.  Cut short: every prefix is read as far as it goes, with a message.
size=$(wc -c < "$data/pdself.data")
n=200 cuts=0
while [ $n -lt "$size" ]; do
  head -c $n "$data/pdself.data" > "$tmp/cut"
  timeout 20 "$collapse" "$tmp/cut" > "$tmp/out" 2> "$tmp/err"
  rc=$?
  if [ $rc -gt 1 ] || ! grep -q . "$tmp/err"; then
    bad "cut at $n: exit $rc"; cat "$tmp/err"; break
  fi
  cuts=$((cuts + 1)) n=$((n + 256))
done
[ $cuts -gt 0 ] && ok
python3 - "$data/pdself.data" "$tmp" <<'PY'
import struct, sys
b = bytearray(open(sys.argv[1], 'rb').read())
off, size = struct.unpack_from('<QQ', b, 40)
# Walk the data section's records; change the first FINISHED_ROUND's type,
# and (in another copy) the size of the 5th sample to 4.
at, samples, typ, sz = off, 0, None, None
while at < off + size:
    t, misc, s = struct.unpack_from('<IHH', b, at)
    if t == 68 and typ is None:
        typ = at
    if t == 9:
        samples += 1
        if samples == 5:
            sz = at
    at += s
u = bytearray(b); struct.pack_into('<I', u, typ, 200)
open(sys.argv[2] + '/unknown.data', 'wb').write(u)
z = bytearray(b); struct.pack_into('<H', z, sz + 6, 4)
open(sys.argv[2] + '/size4.data', 'wb').write(z)

PY
"$collapse" "$tmp/unknown.data" > "$tmp/out" 2> "$tmp/err"
rc=$?
if [ $rc = 0 ] && grep -q 'byte offset [0-9]*: unknown record type 200' "$tmp/err" &&
    cmp -s "$tmp/out" "$data/pdself.default.folded"; then ok; else
  bad "unknown record type: exit $rc"; cat "$tmp/err"
fi
"$collapse" "$tmp/size4.data" > "$tmp/out" 2> "$tmp/err"
rc=$?
if [ $rc = 1 ] && grep -q 'byte offset [0-9]*: record of type 9 with size 4' "$tmp/err" &&
    [ "$(wc -l < "$tmp/out")" -ge 1 ]; then ok; else
  bad "record of size 4: exit $rc"; cat "$tmp/err"
fi
echo "$pass passed, $fail failed"
[ $fail = 0 ]
