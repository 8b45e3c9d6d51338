flame-collapse ../perf/demo.perf.txt ../perf/fp.perf.txt | head -1
