flame-collapse --go-state ../go/goroutine.debug1.txt
