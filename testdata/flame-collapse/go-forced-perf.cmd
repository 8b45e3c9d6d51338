flame-collapse --format=perf ../go/goroutine.debug2.txt
