flame-collapse ../go/goroutine.debug2.txt
