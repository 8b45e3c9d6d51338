flame-collapse ../go/goroutine.debug2.txt ../perf/fp.perf.txt
