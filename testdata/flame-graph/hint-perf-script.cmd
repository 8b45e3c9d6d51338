{ flame-graph ../perf/demo.perf.txt 2>&1 >/dev/null; echo "exit $?"; }
