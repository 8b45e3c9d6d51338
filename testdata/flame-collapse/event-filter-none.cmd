flame-collapse --event-filter=cpu-cycles ../perf/demo.perf.txt
