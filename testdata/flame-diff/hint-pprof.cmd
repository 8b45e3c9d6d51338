{ flame-diff ../go/cpu.pprof ../go/cpu.pprof 2>&1; echo "exit $?"; }
