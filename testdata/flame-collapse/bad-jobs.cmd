flame-collapse -j 0 ../perf/fp.perf.txt
