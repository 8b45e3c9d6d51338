{ flame-trim ../flame-collapse/mt.perf.txt.xz 2>&1 >/dev/null; echo "exit $?"; }
