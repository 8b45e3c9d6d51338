flame-diff -n ../perf/fp.collapsed-default.txt ../perf/demo.collapsed-default.txt
