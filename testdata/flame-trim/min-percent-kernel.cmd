flame-trim --min-percent=2 ../perf/kernel.collapsed-kernel.txt
