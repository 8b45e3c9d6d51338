#!/bin/sh
# check-debuginfo.sh -- flame-symbolize on a library stripped to .dynsym,
# as distributions ship them, with its debug information in each place
# real systems keep it (flame-symbolize(1), "FINDING SYMBOLS").
#
# usage: check-debuginfo.sh FLAME_COLLAPSE FLAME_SYMBOLIZE CC [CC_ARG...]
#
# The test builds libfk.so (static functions that only a symbol table or
# debug file names) and a program using it, then:
#  - with perf (when it can record here): profiles the program, and checks
#    that flame-collapse --keep-addrs | flame-symbolize never has more
#    distinct stacks than plain flame-collapse, never a raw address where
#    it had a name, and that --keep-addrs carries the library's build-id;
#  - names the library's functions from frames written as --keep-addrs
#    writes them, with the debug file reachable through each source in
#    turn: --debug-dir's .build-id tree, .gnu_debuglink, a MiniDebugInfo
#    section, perf's build-id cache with the module file removed or
#    replaced by another build, and a debuginfod server the test starts
#    on 127.0.0.1 (one request per build-id, also for a miss).
# Nothing outside the test's own directory is read for debug files but
# /usr/lib/debug, which cannot hold the fresh build-ids.
set -u
collapse=$1 symbolize=$2
shift 2
case $collapse in /*) ;; *) collapse=$(pwd)/$collapse ;; esac
case $symbolize in /*) ;; *) symbolize=$(pwd)/$symbolize ;; esac
for t in objcopy nm readelf xz python3; do
  command -v $t >/dev/null 2>&1 || { echo "$t not installed: skipped"; exit 77; }
done
tmp=$(mktemp -d) || exit 1
srv_pid=
cleanup() {
  [ -n "$srv_pid" ] && kill "$srv_pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
cd "$tmp" || exit 1
unset DEBUGINFOD_URLS PERF_BUILDID_DIR
empty="--buildid-dir=$tmp/empty-cache"

cat > lib.c <<'EOF'
__attribute__((noinline)) static unsigned long
inner_mix(unsigned long x)
{
	for (int i = 0; i < 200; i++)
		x = x * 6364136223846793005UL + 1442695040888963407UL;
	return x;
}
__attribute__((noinline)) static unsigned long
middle_step(unsigned long x)
{
	return inner_mix(x) ^ inner_mix(x + 1) ^ 1;
}
unsigned long
lib_work(unsigned long n)
{
	unsigned long a = 0;
	for (unsigned long i = 0; i < n; i++)
		a += middle_step(i);
	return a;
}
EOF
cat > main.c <<'EOF'
#include <stdio.h>
#include <stdlib.h>
unsigned long lib_work(unsigned long n);
int
main(int argc, char **argv)
{
	printf("%lu\n", lib_work(argc > 1 ? strtoul(argv[1], 0, 10) : 1000));
	return 0;
}
EOF
fp="-O2 -g -fno-omit-frame-pointer"
mkdir lib other
"$@" $fp -fPIC -shared -Wl,--build-id -o lib/libfk.so lib.c &&
  sed 's/\^ 1;/^ 2;/' lib.c > lib2.c &&
  "$@" $fp -fPIC -shared -Wl,--build-id -o other/libfk.so lib2.c &&
  "$@" $fp -o prog main.c -Llib -lfk -Wl,-rpath,"$tmp/lib" ||
  { echo "cannot build the test library: skipped"; exit 77; }
cp lib/libfk.so libfk.full.so
objcopy --only-keep-debug libfk.full.so libfk.debug
objcopy --strip-all libfk.full.so lib/libfk.so
objcopy --strip-all other/libfk.so
bid=$(readelf -n lib/libfk.so | awk '/Build ID/ { print $3 }')
bid2=$(readelf -n other/libfk.so | awk '/Build ID/ { print $3 }')
[ -n "$bid" ] && [ -n "$bid2" ] && [ "$bid" != "$bid2" ] ||
  { echo "no build-ids: skipped"; exit 77; }
if readelf -S lib/libfk.so | grep -q '\.symtab'; then
  echo "FAIL setup: the stripped library has a .symtab"; exit 1
fi

pass=0 fail=0 skip=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL $*"; fail=$((fail + 1)); }
check() { # name expected actual
  if cmp -s "$2" "$3"; then ok; else bad "$1"; diff "$2" "$3" | head -10; fi
}

# ---- frames as flame-collapse --keep-addrs writes them ----------------------
# perf's module-relative address is a file offset: the text segment's
# offset and address agree in such a library, so the symbol's address is
# its offset.  One byte into each function.
seg=$(readelf -lW libfk.full.so | awk '$1 == "LOAD" && / E / { print ($2 == $3) }')
[ "$seg" = 1 ] || { echo "text segment offset differs from its address: skipped"; exit 77; }
addr() { printf '0x%x' $((0x$(nm libfk.full.so | awk -v f="$1" '$3 == f { print $1 }') + 1)); }
a_work=$(addr lib_work) a_mid=$(addr middle_step) a_inner=$(addr inner_mix)
frames() { # MODULE BUILDID: one stack through the three functions
  printf "prog;main;[libfk.so]'%s+%s@%s';[libfk.so]'%s+%s@%s';[libfk.so]'%s+%s@%s' 3\n" \
    "$1" "$a_work" "$2" "$1" "$a_mid" "$2" "$1" "$a_inner" "$2"
}
printf 'prog;main;lib_work;middle_step;inner_mix 3\n' > named.expected
printf 'prog;main;lib_work;[libfk.so];[libfk.so] 3\n' > dynsym.expected
printf 'prog;main;[libfk.so];[libfk.so];[libfk.so] 3\n' > fallback.expected

# Own .dynsym only: what it names, and perf's name for the rest.
frames "$tmp/lib/libfk.so" "$bid" > lib.folded
"$symbolize" "$empty" lib.folded > out 2> err
check ".dynsym only: perf's names kept" dynsym.expected out
grep -q "no symbol at address: 2 frames" err || bad ".dynsym only: reason"
grep -q "lib/libfk.so build-id $bid: 2 addresses outside every symbol of its .dynsym only" err ||
  { bad ".dynsym only: module note"; cat err; }

# --debug-dir DIR: DIR/.build-id/xx/rest.debug
mkdir -p "dbg/.build-id/$(echo "$bid" | cut -c1-2)"
cp libfk.debug "dbg/.build-id/$(echo "$bid" | cut -c1-2)/$(echo "$bid" | cut -c3-).debug"
"$symbolize" "$empty" --debug-dir "$tmp/dbg" lib.folded > out 2> err
check "--debug-dir build-id tree" named.expected out
[ -s err ] && bad "--debug-dir: a message" && cat err

# .gnu_debuglink to a debug file beside the module
mkdir link
cp libfk.debug link/
objcopy --add-gnu-debuglink=libfk.debug lib/libfk.so link/libfk.so
frames "$tmp/link/libfk.so" "$bid" > link.folded
"$symbolize" "$empty" link.folded > out 2> err
check ".gnu_debuglink" named.expected out

# MiniDebugInfo: the functions .dynsym lacks, xz-compressed in .gnu_debugdata
# (the recipe of Fedora's find-debuginfo).
mkdir mini
nm -D libfk.full.so --format=posix --defined-only | awk '{ print $1 }' | sort > dynsyms
nm libfk.full.so --format=posix --defined-only |
  awk '$2 == "T" || $2 == "t" { print $1 }' | sort > funcsyms
comm -13 dynsyms funcsyms > keep
objcopy -S --remove-section .gdb_index --remove-section .comment \
  --keep-symbols=keep libfk.debug mini.debug
xz mini.debug
objcopy --add-section .gnu_debugdata=mini.debug.xz lib/libfk.so mini/libfk.so
frames "$tmp/mini/libfk.so" "$bid" > mini.folded
"$symbolize" "$empty" mini.folded > out 2> err
check "MiniDebugInfo (.gnu_debugdata)" named.expected out

# perf's build-id cache, the module file gone: .build-id/xx/rest links to
# ../../PATH/BUILDID, which holds the module ("elf") and its debug file.
gone="$tmp/gone/libfk.so"
x=$(echo "$bid" | cut -c1-2) rest=$(echo "$bid" | cut -c3-)
mkdir -p "cache/.build-id/$x" "cache$gone/$bid"
cp lib/libfk.so "cache$gone/$bid/elf"
ln -s "../..$gone/$bid" "cache/.build-id/$x/$rest"
frames "$gone" "$bid" > gone.folded
"$symbolize" "$empty" gone.folded > out 2> err
check "module gone, no cache: perf's names" fallback.expected out
grep -q "module missing" err && grep -q "$gone build-id $bid: not found; looked in $gone (absent)" err ||
  { bad "module gone: reason and where it looked"; cat err; }
"$symbolize" --buildid-dir "$tmp/cache" gone.folded > out 2> err
check "module gone: the cache's copy names what .dynsym names" dynsym.expected out
cp libfk.debug "cache$gone/$bid/debug"
"$symbolize" --buildid-dir "$tmp/cache" gone.folded > out 2> err
check "module gone: the cache's debug file" named.expected out
PERF_BUILDID_DIR="$tmp/cache" "$symbolize" gone.folded > out 2> err
check "module gone: \$PERF_BUILDID_DIR" named.expected out

"$symbolize" "$empty" --debug-dir "$tmp/dbg" gone.folded > out 2> err
check "module gone: a debug file alone (--debug-dir)" named.expected out

# Another build at the module's path: not used; the cache's copy is.
frames "$tmp/other/libfk.so" "$bid" > other.folded
"$symbolize" "$empty" other.folded > out 2> err
check "other build: perf's names" fallback.expected out
grep -q "module differs from recorded build: 3 frames" err || { bad "other build: reason"; cat err; }
"$symbolize" --buildid-dir "$tmp/cache" other.folded > out 2> err
check "other build: the cache's copy" named.expected out

# ---- debuginfod ---------------------------------------------------------------
if ! command -v debuginfod >/dev/null 2>&1; then
  echo "SKIP debuginfod: not installed"; skip=$((skip + 1))
else
  mkdir serve
  cp libfk.debug serve/
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  debuginfod -v -F -p "$port" -d "$tmp/srv.sqlite" -t 0 -g 0 -c 1 serve > srv.log 2>&1 &
  srv_pid=$!
  up=0
  for i in $(seq 1 80); do
    if python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/buildid/$bid/debuginfo', timeout=2)" 2>/dev/null; then
      up=1; break
    fi
    kill -0 "$srv_pid" 2>/dev/null || break
    sleep 0.25
  done
  if [ "$up" = 0 ]; then
    echo "SKIP debuginfod: the server did not start on port $port"; head -5 srv.log
    skip=$((skip + 1))
  else
    # The library, and another build that the server does not have: many
    # addresses of the same build-id cost one request.
    frames "$tmp/lib/libfk.so" "$bid" > d.folded
    for a in 0x1100 0x1110 0x1120 0x1130 0x1140; do
      printf "prog;[libfk.so]'%s+%s@%s' 1\n" "$tmp/other/libfk.so" "$a" "$bid2"
    done >> d.folded
    before=$(grep -c "GET /buildid/$bid2/" srv.log)
    DEBUGINFOD_URLS="http://127.0.0.1:$port" DEBUGINFOD_CACHE_PATH="$tmp/dcache" \
      "$symbolize" "$empty" d.folded > out 2> err
    grep -v '^prog;\[libfk.so\] ' out > out.lib
    check "debuginfod" named.expected out.lib
    grep -q "debuginfod supplied debug files for 1 modules: $tmp/lib/libfk.so" err ||
      { bad "debuginfod: summary"; cat err; }
    [ "$(grep -c '^prog;\[libfk.so\] 5$' out)" = 1 ] || bad "debuginfod miss: perf's names"
    sleep 0.5
    after=$(grep -c "GET /buildid/$bid2/" srv.log)
    [ $((after - before)) = 1 ] ||
      { bad "debuginfod miss: $((after - before)) requests for one build-id"; grep GET srv.log; }
  fi
  kill "$srv_pid" 2>/dev/null
  wait "$srv_pid" 2>/dev/null
  srv_pid=
fi

# ---- a real profile ------------------------------------------------------------
if ! command -v perf >/dev/null 2>&1; then
  echo "SKIP perf profile: perf not installed"; skip=$((skip + 1))
elif ! perf record -q -e cpu-clock -F 2000 -g -o perf.data ./prog 400000 > /dev/null 2> perf.err; then
  echo "SKIP perf profile: perf cannot record here"; head -3 perf.err; skip=$((skip + 1))
else
  perf script -i perf.data > perf.txt 2> /dev/null
  if ! grep -q "(.*/lib/libfk.so)" perf.txt; then
    echo "SKIP perf profile: no samples in libfk.so"; skip=$((skip + 1))
  else
    "$collapse" perf.txt > plain
    "$collapse" --keep-addrs perf.txt > keep
    grep -q "'$tmp/lib/libfk.so+0x[0-9a-f]*@$bid'" keep || bad "--keep-addrs: build-id"
    "$symbolize" "$empty" keep > sym 2> err
    [ "$(wc -l < sym)" -le "$(wc -l < plain)" ] ||
      bad "profile: $(wc -l < sym) stacks after symbolizing, $(wc -l < plain) plain"
    if grep -q "'\|/[^;]*+0x[0-9a-f]" sym; then
      bad "profile: raw address frames"; grep "'\|+0x" sym | head -3
    fi
    # Every stack of plain collapse is there, named the same.
    check "profile without debug info equals plain flame-collapse" plain sym
    "$symbolize" "$empty" --debug-dir "$tmp/dbg" keep > symd 2> err
    grep -q ';inner_mix' symd || bad "profile with debug info: inner_mix not named"
  fi
fi

echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
