flame-collapse --sample-type=alloc_objects ../go/heap.pprof
