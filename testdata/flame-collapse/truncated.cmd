head -c 100000 ../perf/dwarf.perf.txt | flame-collapse | tail -1
