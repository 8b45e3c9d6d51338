flame-collapse ../go/goroutine.debug1.txt
