script -qec "flame-graph --format=pprof small.folded; echo exit \$?" /dev/null | tr -d '\r'
