flame-collapse ../go/heap.pprof | flame-graph | grep -o '<title>[^<]*</title>' | head -5
