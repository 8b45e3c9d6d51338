flame-collapse ../go/heap.pprof | flame-graph --format=md --top=3
