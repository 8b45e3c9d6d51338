flame-collapse ../go/cpu.pprof ../go/heap.pprof | head -2
