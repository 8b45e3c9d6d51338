cat ../perf/demo.perf.txt | flame-collapse --pid
