{ flame-collapse ../hints/sh-loop.perf.data 2>&1 >/dev/null; echo "exit $?"; }
