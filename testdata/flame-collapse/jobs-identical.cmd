flame-collapse -j 2 --tid ../perf/mt.perf.txt
