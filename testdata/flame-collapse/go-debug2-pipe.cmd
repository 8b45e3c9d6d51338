cat ../go/goroutine.debug2.txt | flame-collapse -v --go-state
