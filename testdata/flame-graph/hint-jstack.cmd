{ flame-graph ../text/jstack-jcmd.txt 2>&1 >/dev/null; echo "exit $?"; }
