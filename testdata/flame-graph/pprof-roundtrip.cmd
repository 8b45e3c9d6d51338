flame-graph --format=pprof | flame-collapse
