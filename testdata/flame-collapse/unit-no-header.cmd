flame-collapse --no-header ../go/cpu.pprof
