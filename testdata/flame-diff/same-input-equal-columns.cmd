flame-diff -n ../perf/kernel.collapsed-all.txt ../perf/kernel.collapsed-all.txt | awk '$(NF-1) != $NF { bad = 1 } END { print NR; exit bad }'
