flame-collapse ../perf/nocallgraph.perf.txt
