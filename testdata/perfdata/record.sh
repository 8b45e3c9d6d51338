#!/bin/sh
# record.sh -- how the captures in this directory were made (run as root
# for kernel frames; see README.md).  Writes into the current directory.
set -eu
src=$(cd "$(dirname "$0")/../src" && pwd)
collapse=${1:?usage: record.sh FLAME_COLLAPSE}
rec=/tmp/flamekit-perfdata-rec
mkdir -p $rec
gcc -O2 -g -fno-omit-frame-pointer -fno-optimize-sibling-calls -nostdlib -static -no-pie \
  -fno-pie -fno-stack-protector -o $rec/pdself "$src/pdself.c"
# Without frame pointers, for DWARF unwinding; perf's libunwind needs .eh_frame_hdr.
gcc -O2 -g -fomit-frame-pointer -fno-optimize-sibling-calls -nostdlib -static -no-pie \
  -fno-pie -fno-stack-protector -Wl,--eh-frame-hdr -o $rec/pdself-dwarf "$src/pdself.c"
export PERF_BUILDID_DIR=$rec/debug
perf record -q -e cpu-clock -F 499 -g -o pdself.data -- $rec/pdself >/dev/null
perf record -q -e cpu-clock -F 499 -g -o - -- $rec/pdself 2>/dev/null > pdself-pipe.data
# perf record writes no build-ids into a pipe; perf inject -b adds them.
perf inject -b < pdself-pipe.data > pdself-pipe-b.data
perf record -q -e cpu-clock:u -F 999 --call-graph dwarf,2048 -o pdself-dwarf.data -- \
  $rec/pdself-dwarf >/dev/null
# The programs, where the build-id cache would hold them.
for p in pdself pdself-dwarf; do
  bid=$(readelf -n $rec/$p | awk '/Build ID/ { print $3 }')
  rest=${bid#??}
  mkdir -p cache/.build-id/${bid%"$rest"}
  cp $rec/$p cache/.build-id/${bid%"$rest"}/$rest
done
# The kernel symbols the captures use (each with the symbol after it),
# where perf's build-id cache keeps the recording kernel's kallsyms.
kbid=$(perf buildid-list -i pdself.data --with-hits 2>/dev/null | awk '$2 == "[kernel.kallsyms]" { print $1 }')
mkdir -p "cache/[kernel.kallsyms]/$kbid"
for d in pdself pdself-pipe; do perf script --no-inline -i $d.data; done 2>/dev/null |
  awk '/\[kernel.kallsyms\]/ { sub(/\+0x[0-9a-f]+$/, "", $2); print $2 }' | sort -u > syms
cat /proc/kallsyms > ks   # (sort reading /proc/kallsyms itself crawls)
sort -k1,1 -s ks | awk 'NR == FNR { want[$1] = 1; next }
  { line[++n] = $0; addr[n] = $1; name[n] = $3 }
  END { for (i = 1; i <= n; i++) if (name[i] in want) {
          for (j = i; j > 1 && addr[j - 1] == addr[i]; j--) ;
          for (; j <= n && addr[j] == addr[i]; j++) keep[j] = 1
          for (k = j; k <= n && addr[k] == addr[j]; k++) keep[k] = 1 }
        for (i = 1; i <= n; i++) if (keep[i]) print line[i] }' syms - \
  > "cache/[kernel.kallsyms]/$kbid/kallsyms"
rm syms ks
# Expected outputs: the perf script pipeline, per option set.
for d in pdself pdself-pipe; do
  perf script --no-inline -i $d.data > $d.txt 2>/dev/null
  perf script --no-inline -F comm,pid,tid,time,period,event,ip,sym,symoff,dso -i $d.data > $d.pid.txt 2>/dev/null
  "$collapse" $d.txt > $d.default.folded
  for o in kernel addrs keep-addrs=all inline; do "$collapse" --$o $d.txt > $d.$o.folded; done
  "$collapse" --tid $d.pid.txt > $d.tid.folded
  rm $d.txt $d.pid.txt
done
d=pdself-dwarf
perf script --no-inline -i $d.data > $d.txt 2>/dev/null
perf script --no-inline -F comm,pid,tid,time,period,event,ip,sym,symoff,dso -i $d.data > $d.pid.txt 2>/dev/null
"$collapse" $d.txt > $d.default.folded
for o in addrs inline; do "$collapse" --$o $d.txt > $d.$o.folded; done
"$collapse" --tid $d.pid.txt > $d.tid.folded
rm $d.txt $d.pid.txt
