flame-collapse --tid pid-zero.perf.txt
