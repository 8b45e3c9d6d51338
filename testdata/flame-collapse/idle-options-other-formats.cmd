{ flame-collapse --thread-state --weight=samples --profile=x ../go/goroutine.debug2.txt 2>&1 >/dev/null; flame-collapse --strict --go-state ../text/jstack-jcmd.txt >/dev/null 2>&1; echo "exit $?"; }
