flame-collapse mt.perf.txt.gz
