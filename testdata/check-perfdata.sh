#!/bin/sh
# check-perfdata.sh -- flame-collapse reading perf.data against the
# `perf script --no-inline | flame-collapse` pipeline, on captures perf
# records here: a frame-pointer program, a multi-threaded one, one that
# execs another (comm change), kernel+user frames where permitted, calls
# through the PLT, the
# pipe layout (perf record -o -); --call-graph dwarf captures of them, of
# a program without frame pointers and of a static one without
# .eh_frame_hdr.  Each option set must give the same
# output both ways.  Skipped (77) where perf cannot record.
#
# usage: check-perfdata.sh FLAME_COLLAPSE SRC_DIR CC [CC_ARGS...]
set -u
collapse=$1 src=$2
shift 2
case $collapse in /*) ;; *) collapse=$(pwd)/$collapse ;; esac
case $src in /*) ;; *) src=$(pwd)/$src ;; esac
command -v perf >/dev/null 2>&1 || { echo "perf not installed: skipped"; exit 77; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
if ! perf record -q -e cpu-clock -o probe.data -- true >/dev/null 2>&1; then
  echo "perf cannot record here (perf_event_paranoid=$(cat /proc/sys/kernel/perf_event_paranoid 2>/dev/null)): skipped"
  exit 77
fi
flags="-O2 -g -fno-omit-frame-pointer -fno-optimize-sibling-calls"
for p in fp mt sys execer; do
  "$@" $flags -o $p "$src/$p.c" -lpthread || { echo "cannot build $p"; exit 1; }
done
rec() { # name args...
  n=$1; shift
  perf record -q -e cpu-clock -F 999 -g -o $n.data -- "$@" >/dev/null 2>&1
}
rec fp ./fp 20 && rec mt ./mt && rec execer ./execer ./fp 10 || { echo "perf record failed"; exit 1; }
kernel=0
# Kernel frames need perf_event_paranoid <= 1 (or root).
if [ "$(id -u)" = 0 ] || [ "$(cat /proc/sys/kernel/perf_event_paranoid)" -le 1 ]; then
  rec sys ./sys 2000 && kernel=1
fi
perf record -q -e cpu-clock -F 999 -g -o - -- ./fp 10 2>/dev/null > pipe.data
# A fixed period (-c: no period in the samples, perf script shows the
# attribute's), and records this reader skips (context switches,
# namespaces) between samples carrying a CPU and raw data.
perf record -q -e cpu-clock -c 1000003 -g -R -o fixed.data -- ./fp 10 >/dev/null 2>&1 &&
  perf record -q -e cpu-clock -F 999 -g --switch-events --namespaces -T --sample-cpu \
    -o extra.data -- ./mt >/dev/null 2>&1 || { echo "perf record -c/--switch-events failed"; exit 1; }
# --call-graph dwarf: the frame-pointer programs, and fp built without frame
# pointers, so that only the DWARF unwinding of the stack copies finds callers.
"$@" -O2 -g -fomit-frame-pointer -o fpo "$src/fp.c" || { echo "cannot build fpo"; exit 1; }
drec() { # name args...
  n=$1; shift
  perf record -q -e cpu-clock -F 999 --call-graph dwarf -o $n.data -- "$@" >/dev/null 2>&1
}
drec dwfpo ./fpo 20 && drec dwmt ./mt && drec dwexecer ./execer ./fpo 10 &&
  perf record -q -e cpu-clock:u -F 999 --call-graph dwarf,2048 -o dw2k.data -- ./fpo 20 \
    >/dev/null 2>&1 || { echo "perf record --call-graph dwarf failed"; exit 1; }

# Calls through the PLT, often enough (-F 4999, about a second) that some
# samples land in the stubs perf names "strlen@plt".
"$@" -O1 -g -fno-omit-frame-pointer -fno-builtin -o plt "$src/plt.c" || { echo "cannot build plt"; exit 1; }
perf record -q -e cpu-clock -F 4999 -g -o plt.data -- ./plt 300 >/dev/null 2>&1 &&
  perf record -q -e cpu-clock -F 4999 --call-graph dwarf,1024 -o dwplt.data -- ./plt 300 \
    >/dev/null 2>&1 || { echo "perf record of plt failed"; exit 1; }
# A static program linked without .eh_frame_hdr (gcc -static asks for
# none): perf's libunwind shows its DWARF stacks as the user address alone.
"$@" -O2 -g -fomit-frame-pointer -fno-optimize-sibling-calls -nostdlib -static -no-pie \
  -fno-pie -fno-stack-protector -o nohdr "$src/pdself.c" || { echo "cannot build nohdr"; exit 1; }
perf record -q -e cpu-clock:u -F 999 --call-graph dwarf,2048 -o dwnohdr.data -- ./nohdr \
  >/dev/null 2>&1 || { echo "perf record of nohdr failed"; exit 1; }

pass=0 fail=0
# Identical, or the same total with at least 99% of it in identical stacks:
# the differences flame-collapse(1) documents (kernel symbol aliases) touch
# a sample here and there.
check() { # what expected actual
  if cmp -s "$2" "$3"; then
    pass=$((pass + 1))
  elif awk 'FNR == NR { w[$0] = 1; split($0, a, " "); tw += a[length(a)]; next }
      { split($0, a, " "); n = a[length(a)]; tg += n; if ($0 in w) same += n }
      END { exit !(tw == tg && tg > 0 && same * 100 >= tg * 99) }' "$2" "$3"; then
    echo "note $1: stacks differ in under 1% of the weight:"; diff "$2" "$3" | grep '^[<>]' | head -4
    pass=$((pass + 1))
  else
    echo "FAIL $1"; diff "$2" "$3" | head -10; fail=$((fail + 1))
  fi
}
fields=comm,pid,tid,time,period,event,ip,sym,symoff,dso
caps="fp mt execer pipe fixed extra plt"
[ $kernel = 1 ] && caps="$caps sys"
for c in $caps; do
  perf script --no-inline -i $c.data > $c.txt 2>/dev/null
  # --pid and --tid need the pid, which perf script prints only when asked.
  perf script --no-inline -F $fields -i $c.data > $c.pid.txt 2>/dev/null
  for o in "" --kernel --jit --all --addrs --keep-addrs --keep-addrs=all --keep-addrs=raw \
      --inline "--inline --context" --event-filter=cpu-clock --pid --tid; do
    t=$c.txt
    case $o in --pid|--tid) t=$c.pid.txt ;; esac
    "$collapse" $o $t > want 2>/dev/null
    "$collapse" $o $c.data > got 2>err || { echo "FAIL $c $o: exit $?"; cat err; fail=$((fail + 1)); continue; }
    if [ $c = plt ]; then
      # perf names some stubs _init (flame-collapse(1)): one name for a stub
      # on both sides; the PLT check below compares the names themselves.
      for f in want got; do
        sed -E "s/;(_init|[^;' ]+@plt)(['; ])/;[plt stub]\2/g" $f | sort > $f.n &&
          awk '{ n = $NF; $NF = ""; w[$0] += n } END { for (k in w) print k w[k] }' $f.n |
          sort > $f
      done
    fi
    check "$c ${o:-(no option)}" want got
  done
done
# DWARF captures: perf unwinds with its own unwinder, so the last frames of
# a stack may differ (flame-collapse(1), PERF.DATA DIFFERENCES): the same
# total, and at least 95% of it in identical stacks.
near() { # what expected actual
  if awk 'FNR == NR { w[$0] = 1; split($0, a, " "); tw += a[length(a)]; next }
      { split($0, a, " "); n = a[length(a)]; tg += n; if ($0 in w) same += n }
      END { printf "%s: %.2f%% of the weight in identical stacks\n", what, tg ? same * 100 / tg : 0
        exit !(tw == tg && tg > 0 && same * 100 >= tg * 95) }' what="$1" "$2" "$3"; then
    pass=$((pass + 1))
  else
    echo "FAIL $1"; diff "$2" "$3" | head -10; fail=$((fail + 1))
  fi
}
for c in dwfpo dwmt dwexecer dw2k dwplt; do
  perf script --no-inline -i $c.data > $c.txt 2>/dev/null
  for o in "" --inline; do
    "$collapse" $o $c.txt > want 2>/dev/null
    "$collapse" $o $c.data > got 2>err || { echo "FAIL $c $o: exit $?"; cat err; fail=$((fail + 1)); continue; }
    near "$c ${o:-(no option)}" want got
  done
  # Unwound: more than the user IP in most stacks.
  "$collapse" -v $c.data > got 2>err
  if grep -q 'DWARF samples: [1-9][0-9]* unwound past the user IP' err &&
      [ "$(grep -c ';main;' got)" -gt 0 ]; then pass=$((pass + 1)); else
    echo "FAIL $c: not unwound"; cat err; fail=$((fail + 1)); fi
done

# PLT stubs are named NAME@plt, and every stack perf shows with one is
# shown the same (perf may name a stub after the sizeless _init before it
# instead: flame-collapse(1)); frame pointers and DWARF.
for c in plt dwplt; do
  perf script --no-inline -i $c.data 2>/dev/null | "$collapse" > want
  "$collapse" $c.data > got
  # Samples land in a stub by chance (a DWARF run may have none): when perf
  # shows a stub, flamekit must show it the same; the unit test
  # symbolize/plt_stubs_named_name_at_plt checks the names every time.
  if ! grep -q '@plt [0-9]*$' want && ! grep -q '@plt [0-9]*$' got; then
    echo "note $c: no sample in a PLT stub this time"
    pass=$((pass + 1))
  elif grep -q '@plt [0-9]*$' got && grep '@plt [0-9]*$' want | awk 'FNR == NR { g[$0] = 1; next }
      !($0 in g) { bad = 1 } END { exit bad }' got -; then
    pass=$((pass + 1))
  else
    echo "FAIL $c: PLT stubs named otherwise than perf names them"
    grep '@plt' want got | head -4; fail=$((fail + 1))
  fi
done

perf script --no-inline -i dwnohdr.data > dwnohdr.txt 2>/dev/null
for o in "" --inline; do
  "$collapse" $o dwnohdr.txt > want 2>/dev/null
  "$collapse" $o dwnohdr.data > got 2>err || { echo "FAIL dwnohdr $o: exit $?"; cat err; fail=$((fail + 1)); continue; }
  check "dwnohdr ${o:-(no option)}" want got
done

# The pipe layout from a pipe, too.
"$collapse" pipe.txt > want
cat pipe.data | "$collapse" > got
check "pipe on stdin" want got
# The exec: samples before it carry the first program's name.
"$collapse" execer.data > execer.folded
if grep -q '^execer;' execer.folded && grep -q '^fp;' execer.folded; then
  pass=$((pass + 1))
else
  echo "FAIL execer: comm before and after the exec"; fail=$((fail + 1))
fi
echo "$pass passed, $fail failed"
[ $fail = 0 ]
