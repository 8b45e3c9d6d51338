flame-collapse -o out.tmp ../perf/fp.perf.txt && cat out.tmp && rm out.tmp
