flame-collapse --sample-type=alloc_space ../go/cpu.pprof
