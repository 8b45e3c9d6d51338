flame-collapse ../go/leaks/after.pprof
