flame-diff ../perf/kernel.collapsed-default.txt ../perf/kernel.collapsed-kernel.txt
