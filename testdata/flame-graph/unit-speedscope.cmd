flame-collapse ../go/cpu.pprof | flame-graph --format=speedscope | grep -o '"unit":"[a-z]*"'
