flame-collapse ../perf/demo.perf.txt | head -2
