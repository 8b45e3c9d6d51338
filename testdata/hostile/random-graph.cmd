flame-graph random.bin
