flame-collapse --event-filter= ../perf/demo.perf.txt
