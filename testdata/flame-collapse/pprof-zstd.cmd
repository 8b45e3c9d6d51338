flame-collapse cpu.pb.zst
