flame-collapse - < ../perf/fp.perf.txt
