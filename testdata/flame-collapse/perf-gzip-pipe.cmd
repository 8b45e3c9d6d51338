cat mt.perf.txt.gz mt.perf.txt.gz | flame-collapse --pid -j 2
