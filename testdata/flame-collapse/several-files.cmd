flame-collapse ../perf/fp.perf.txt ../perf/mt.perf.txt
