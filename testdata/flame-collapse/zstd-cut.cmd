head -c 2500 mt.perf.txt.zst | flame-collapse
