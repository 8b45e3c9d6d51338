flame-collapse -v ../perf/fp.perf.txt > /dev/null
