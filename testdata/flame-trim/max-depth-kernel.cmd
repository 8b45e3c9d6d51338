flame-trim --max-depth=5 ../perf/kernel.collapsed-kernel.txt
