flame-collapse --all ../perf/kernel.perf.txt
