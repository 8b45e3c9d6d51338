flame-collapse --srcline srcline-missing.perf.txt
