flame-collapse ../go/goroutine.pprof
