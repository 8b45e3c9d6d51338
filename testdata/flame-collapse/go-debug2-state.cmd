flame-collapse --go-state ../go/goroutine.debug2.txt
