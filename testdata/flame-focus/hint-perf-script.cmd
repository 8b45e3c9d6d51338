{ flame-focus main ../perf/demo.perf.txt ../perf/demo.collapsed-default.txt 2>&1 >/dev/null; echo "exit $?"; }
