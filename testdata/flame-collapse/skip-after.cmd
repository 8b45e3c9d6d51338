flame-collapse --skip-after=main ../perf/fp.perf.txt
