flame-collapse ../perf/events.perf.txt
