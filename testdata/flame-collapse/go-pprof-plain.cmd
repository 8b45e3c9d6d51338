gzip -dc < ../go/cpu.pprof | flame-collapse --sample-type=samples
