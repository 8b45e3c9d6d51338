flame-collapse ../perf/fp.perf.txt - ../perf/fp.perf.txt < ../perf/fp.perf.txt
