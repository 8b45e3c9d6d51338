flame-collapse corrupt.perf.txt.gz
