flame-collapse --kernel kernel-files.perf.txt
