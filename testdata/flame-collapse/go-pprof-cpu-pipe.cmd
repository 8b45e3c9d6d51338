cat ../go/cpu.pprof | flame-collapse -v --format=pprof
