flame-collapse ../go/cpu.pprof | flame-graph --format=txt --top=3
