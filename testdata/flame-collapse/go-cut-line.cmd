head -c 1000 ../go/goroutine.debug2.txt | flame-collapse
