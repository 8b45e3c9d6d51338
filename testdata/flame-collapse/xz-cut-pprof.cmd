head -c 300 cpu.pb.xz | flame-collapse --format=pprof
