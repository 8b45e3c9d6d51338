flame-collapse ../perf/fp.perf.txt no-such-file.txt
