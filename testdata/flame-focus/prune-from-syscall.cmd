flame-focus --prune-from='^entry_SYSCALL' ../perf/kernel.collapsed-kernel.txt
