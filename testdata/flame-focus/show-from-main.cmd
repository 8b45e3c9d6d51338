flame-focus --show-from='^main$' ../perf/kernel.collapsed-kernel.txt
