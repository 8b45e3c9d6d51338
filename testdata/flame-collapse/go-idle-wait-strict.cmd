flame-collapse --go-wait --strict ../go/goroutine.pprof
