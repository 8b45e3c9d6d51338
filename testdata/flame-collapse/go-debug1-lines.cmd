flame-collapse --lines ../go/goroutine.debug1.txt
