flame-collapse ../perf/xz.collapsed-pid.txt
