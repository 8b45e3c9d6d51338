f=../perf/kernel.collapsed-kernel.txt; a=$(awk '{s+=$NF} END {print s}' $f); b=$(flame-focus --prune-from=main $f | awk '{s+=$NF} END {print s}'); test "$a" = "$b" && echo $a
