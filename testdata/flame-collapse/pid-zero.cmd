flame-collapse --pid pid-zero.perf.txt
