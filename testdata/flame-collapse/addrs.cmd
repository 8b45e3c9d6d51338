flame-collapse --addrs ../perf/xz.perf.txt
