flame-collapse ../go/leaks/before.pprof
