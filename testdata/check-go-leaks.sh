#!/bin/sh
# check-go-leaks.sh -- flame-collapse on the dumps of a leaking Go service.
#
# usage: check-go-leaks.sh committed FLAME_COLLAPSE LEAKS_DIR
#        check-go-leaks.sh live FLAME_COLLAPSE GO_SRC_DIR
#
# The service (testdata/go/src/leaksvc) leaks goroutines in four ways:
# main.sendResult (a send nobody receives), main.awaitEvent (a select on
# channels nobody closes), main.lockedUpdate (a mutex never unlocked) and
# main.watchCtx (a context never cancelled).  Its dumps are taken twice,
# at 300/200/150/100 leaked goroutines ("before") and at 900/500/300/175
# ("after"), each as /debug/pprof/goroutine?debug=2, ?debug=1, the binary
# profile and `go tool pprof -raw` of it; then the service is made to
# crash with GOTRACEBACK=all, its log lines before "panic:".  Checks:
#  - flame-collapse gives each leak its exact count in all four forms;
#  - with --go-state each leak is one stack (a tower) under its wait state;
#  - the crash log is read as a Go traceback (not as perf text) with the
#    "after" counts, and quietly: nothing on stderr.
#
# committed: the dumps kept in LEAKS_DIR (testdata/go/leaks, debug=2 dumps
# and the crash log gzipped).
# live: builds the service with the go command (offline, GOCACHE and
# GOPATH in a temporary directory), runs it on 127.0.0.1 and dumps it as
# above; exits 77 (skipped) without go.  With GO_LEAKS_SAVE=DIR the dumps
# are copied to DIR (that is how testdata/go/leaks was made).
set -u
mode=$1 collapse=$2 dir=$3
case $mode in committed|live) ;; *) echo "usage: $0 committed|live FLAME_COLLAPSE DIR" >&2; exit 2 ;; esac
tmp=$(mktemp -d) || exit 1
pid=
# The service dies with the script, on every exit path.
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; fi
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM

pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL $*"; fail=$((fail + 1)); }

# The sum of the counts of the folded stacks holding frame $1, in file $2.
count_of() {
  awk -v f="$1" '{ n = split($0, a, " "); s = a[n]; sub(/ [0-9.]+$/, ""); k = split($0, fr, ";")
    for (i = 1; i <= k; i++) if (fr[i] == f) { t += s; break } } END { printf "%d", t }' "$2"
}

LEAKS="main.sendResult main.awaitEvent main.lockedUpdate main.watchCtx"
# The wait state each leak's goroutines show in a debug=2 dump (Go 1.19
# says semacquire for a mutex, later releases sync.Mutex.Lock).
state_of() {
  case $1 in
    main.sendResult) echo 'chan send' ;;
    main.awaitEvent) echo 'select' ;;
    main.lockedUpdate) echo 'semacquire|sync\.Mutex\.Lock' ;;
    main.watchCtx) echo 'chan receive' ;;
  esac
}

# expect_counts LABEL FOLDED N_SEND N_SELECT N_MUTEX N_CTX
expect_counts() {
  label=$1 folded=$2; shift 2
  for leak in $LEAKS; do
    got=$(count_of "$leak" "$folded")
    if [ "$got" = "$1" ]; then ok; else bad "$label: $leak $got, expected $1"; fi
    shift
  done
}

# The dump named $1 in directory $2, gzipped or not.
dump() {
  if [ -f "$2/$1" ]; then echo "$2/$1"; else echo "$2/$1.gz"; fi
}

# check_dumps DIR: every check on the dumps in DIR.
check_dumps() {
  d=$1
  for stage in "before 300 200 150 100" "after 900 500 300 175"; do
    set -- $stage
    name=$1; shift
    for form in debug2.txt debug1.txt pprof raw.txt; do
      in=$(dump "$name.$form" "$d")
      if ! "$collapse" "$in" >"$tmp/out" 2>"$tmp/err"; then
        bad "flame-collapse $name.$form: exit $?: $(head -2 "$tmp/err")"; continue
      fi
      [ -s "$tmp/err" ] && bad "flame-collapse $name.$form: stderr $(head -2 "$tmp/err")"
      expect_counts "$name.$form" "$tmp/out" "$@"
    done
    # --go-state: each leak one tower, under its wait state.
    in=$(dump "$name.debug2.txt" "$d")
    "$collapse" --go-state "$in" >"$tmp/state" || bad "flame-collapse --go-state $name.debug2.txt: exit $?"
    for leak in $LEAKS; do
      lines=$(grep -c ";$leak\(;\| \)" "$tmp/state")
      if [ "$lines" = 1 ] && grep ";$leak\(;\| \)" "$tmp/state" | grep -Eq "^\[($(state_of "$leak"))\];"; then
        ok
      else
        bad "--go-state $name.debug2.txt: $leak is not one stack under [$(state_of "$leak")]:"
        grep ";$leak\(;\| \)" "$tmp/state" | head -3
      fi
    done
  done

  # The crash: log lines, then "panic:" and every goroutine (GOTRACEBACK=all).
  in=$(dump panic.txt "$d")
  if gzip -dcf "$in" | head -1 | grep -q '^[0-9/]* [0-9:]* listening on '; then ok
  else bad "panic.txt does not start with the service's log line"; fi
  if "$collapse" "$in" >"$tmp/panic" 2>"$tmp/err"; then ok; else bad "flame-collapse panic.txt: exit $?"; fi
  [ -s "$tmp/err" ] && bad "flame-collapse panic.txt: stderr $(head -2 "$tmp/err")"
  expect_counts panic.txt "$tmp/panic" 900 500 300 175
  # The panicking goroutine is there too, with its own frame.
  grep -q ';main\.crash\.func1[; ]' "$tmp/panic" && ok || bad "panic.txt: no stack of the panicking goroutine"

  # flame-diff --by=count ranks the four leaks by their growth between the
  # two debug=2 dumps folded with --go-state: +600, +300, +150, +75, in that
  # order among the report's functions (frames the leaks share, such as
  # runtime.gopark, grow too and rank among them).
  if [ -n "${FLAME_DIFF:-}" ]; then
    gzip -dcf "$(dump before.debug2.txt "$d")" | "$collapse" --go-state - >"$tmp/s-before" 2>/dev/null
    gzip -dcf "$(dump after.debug2.txt "$d")" | "$collapse" --go-state - >"$tmp/s-after" 2>/dev/null
    if "$FLAME_DIFF" --by=count --format=txt "$tmp/s-before" "$tmp/s-after" >"$tmp/rank" 2>"$tmp/err"; then ok
    else bad "flame-diff --by=count: exit $?: $(head -2 "$tmp/err")"; fi
    got=$(awk 'NF >= 10 && $1 ~ /^[0-9]+$/ { f = $NF
        if (f == "main.sendResult" || f == "main.awaitEvent" || f == "main.lockedUpdate" || f == "main.watchCtx")
          printf "%s %s %s %s\n", f, $2, $3, $4 }' "$tmp/rank")
    want="main.sendResult 300 900 +600
main.awaitEvent 200 500 +300
main.lockedUpdate 150 300 +150
main.watchCtx 100 175 +75"
    if [ "$got" = "$want" ]; then ok
    else bad "flame-diff --by=count: the leaks ranked as"; echo "$got"; fi
    # The gate: more than 200 goroutines of growth fires (exit 3) and names
    # sendResult (awaitEvent may fall under "N more"), never lockedUpdate or
    # watchCtx.
    "$FLAME_DIFF" --by=count --fail-above=200 "$tmp/s-before" "$tmp/s-after" >/dev/null 2>"$tmp/gate"
    st=$?
    if [ "$st" = 3 ] && grep -q "'main.sendResult'" "$tmp/gate" &&
       ! grep -q "'main.lockedUpdate'\|'main.watchCtx'" "$tmp/gate"; then ok
    else bad "flame-diff --by=count --fail-above=200: exit $st"; head -5 "$tmp/gate"; fi
  fi
}

if [ "$mode" = committed ]; then
  check_dumps "$dir"
  echo "$pass passed, $fail failed"
  [ "$fail" -eq 0 ]
  exit
fi

# ---- live: build, run and dump the service ----
command -v go >/dev/null 2>&1 || { echo "go not installed (Debian: golang-go): skipped"; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "python3 not installed: skipped"; exit 77; }
cp -R "$dir" "$tmp/src" || exit 1
GOCACHE=$tmp/gocache GOPATH=$tmp/gopath GOPROXY=off GOFLAGS= GO111MODULE=on CGO_ENABLED=0 \
  HOME=$tmp PPROF_TMPDIR=$tmp
export GOCACHE GOPATH GOPROXY GOFLAGS GO111MODULE CGO_ENABLED HOME PPROF_TMPDIR
( cd "$tmp/src" && go build -buildvcs=false -trimpath -o "$tmp/leaksvc" ./leaksvc ) ||
  { echo "FAIL go build"; exit 1; }

GOTRACEBACK=all "$tmp/leaksvc" 2>"$tmp/panic.txt" &
pid=$!
addr=
for _ in $(seq 100); do
  addr=$(sed -n 's/^.* listening on \(127\.0\.0\.1:[0-9][0-9]*\)$/\1/p' "$tmp/panic.txt")
  [ -n "$addr" ] && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
[ -n "$addr" ] || { echo "FAIL the service did not start:"; cat "$tmp/panic.txt"; exit 1; }
echo "service listening on $addr"

# fetch PATH OUT: GET http://$addr/PATH into OUT (never through a proxy
# that http_proxy may name).
fetch() {
  python3 -c 'import sys, urllib.request
opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
with opener.open(sys.argv[1], timeout=30) as r:
    sys.stdout.buffer.write(r.read())' "http://$addr/$1" >"$2"
}

# grow STAGE N_SEND N_SELECT N_MUTEX N_CTX: leak that many, then dump.
grow() {
  stage=$1
  fetch "grow?send=$2&select=$3&mutex=$4&ctx=$5" "$tmp/grow" ||
    { echo "FAIL /grow for $stage"; exit 1; }
  printf 'send %s\nselect %s\nmutex %s\nctx %s\n' "$2" "$3" "$4" "$5" | cmp -s - "$tmp/grow" ||
    { echo "FAIL /grow for $stage replied:"; cat "$tmp/grow"; exit 1; }
  fetch 'debug/pprof/goroutine?debug=2' "$tmp/$stage.debug2.txt" &&
    fetch 'debug/pprof/goroutine?debug=1' "$tmp/$stage.debug1.txt" &&
    fetch 'debug/pprof/goroutine' "$tmp/$stage.pprof" ||
    { echo "FAIL dumping $stage"; exit 1; }
  go tool pprof -raw "$tmp/$stage.pprof" >"$tmp/$stage.raw.txt" 2>"$tmp/pprof.err" ||
    { echo "FAIL go tool pprof -raw $stage.pprof:"; cat "$tmp/pprof.err"; exit 1; }
}
grow before 300 200 150 100
grow after 900 500 300 175
# The crash; the service's stderr is the log.
fetch panic "$tmp/panicking" || { echo "FAIL /panic"; exit 1; }
for _ in $(seq 100); do
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
kill -0 "$pid" 2>/dev/null && { echo "FAIL the service still runs 10 s after /panic"; exit 1; }
wait "$pid"
status=$? pid=
[ "$status" = 2 ] || { echo "FAIL the service exited with $status after /panic, not 2"; exit 1; }
for f in before.debug2.txt before.debug1.txt after.debug2.txt after.debug1.txt; do
  echo "$f: $(wc -c <"$tmp/$f") bytes"
done

check_dumps "$tmp"
if [ -n "${GO_LEAKS_SAVE:-}" ]; then
  mkdir -p "$GO_LEAKS_SAVE" &&
    for f in before.debug1.txt before.pprof before.raw.txt after.debug1.txt after.pprof after.raw.txt; do
      cp "$tmp/$f" "$GO_LEAKS_SAVE/$f"
    done &&
    for f in before.debug2.txt after.debug2.txt panic.txt; do
      gzip -9n <"$tmp/$f" >"$GO_LEAKS_SAVE/$f.gz"
    done && echo "dumps saved in $GO_LEAKS_SAVE"
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
