head -c 300 ../go/cpu.pprof | flame-collapse
