cat ../perf/dwarf.perf.txt | flame-collapse | cmp - ../perf/dwarf.collapsed-default.txt && echo "read through a pipe: same as stackcollapse-perf.pl"
