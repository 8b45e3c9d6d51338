flame-collapse --format=goroutine ../perf/fp.perf.txt
