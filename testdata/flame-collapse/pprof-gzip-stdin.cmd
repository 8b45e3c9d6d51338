flame-collapse < ../go/cpu.pprof
