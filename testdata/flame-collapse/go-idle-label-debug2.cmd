flame-collapse --label=worker ../go/goroutine.debug2.txt
