flame-collapse --progress ../perf/fp.perf.txt > /dev/null
