flame-collapse --label=worker --sample-type=samples --lines ../go/cpu.pprof
