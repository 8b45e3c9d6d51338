flame-collapse cut.perf.txt.gz
