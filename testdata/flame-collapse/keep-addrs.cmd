flame-collapse --keep-addrs=raw ../perf/xz.perf.txt
