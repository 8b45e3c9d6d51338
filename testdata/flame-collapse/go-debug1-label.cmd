flame-collapse --label=worker ../go/goroutine.debug1.txt
