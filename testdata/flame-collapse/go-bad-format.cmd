flame-collapse --format=json ../go/cpu.pprof
