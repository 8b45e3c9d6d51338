flame-collapse ../go/heap.pprof
