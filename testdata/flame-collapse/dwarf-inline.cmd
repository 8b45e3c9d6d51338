flame-collapse ../perf/dwarf.perf.txt
