flame-collapse --tid ../perf/mt.perf.txt
