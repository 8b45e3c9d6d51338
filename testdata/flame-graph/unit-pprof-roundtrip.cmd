flame-collapse ../go/heap.pprof | flame-graph --format=pprof -o - | flame-collapse | head -3
