flame-collapse cpu.pb.xz
