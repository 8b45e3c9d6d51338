flame-collapse --go-wait --lines --no-creator ../go/goroutine.debug2.txt
