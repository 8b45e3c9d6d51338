flame-collapse mt.perf.txt.zst
