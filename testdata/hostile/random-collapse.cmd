flame-collapse random.bin one.perf.txt
