{ flame-graph -o /dev/null < ../perf/demo.perf.txt 2>&1; echo "exit $?"; }
