f=../perf/kernel.collapsed-kernel.txt; a=$(awk '{s+=$NF} END {print s}' $f); b=$(flame-trim --min-percent 5 $f | awk '{s+=$NF} END {print s}'); test "$a" = "$b" && echo $a
