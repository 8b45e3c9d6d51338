flame-collapse mt.perf.txt.xz
