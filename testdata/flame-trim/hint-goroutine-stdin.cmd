{ flame-trim - < ../go/goroutine.debug2.txt 2>&1; echo "exit $?"; }
