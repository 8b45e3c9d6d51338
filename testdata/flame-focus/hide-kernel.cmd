flame-focus --hide='_\[k\]$' ../perf/kernel.collapsed-kernel.txt
