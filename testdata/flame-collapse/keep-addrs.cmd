flame-collapse --keep-addrs ../perf/xz.perf.txt
