flame-collapse records.perf.txt
