flame-collapse ../go/corrupt/cut.pprof
