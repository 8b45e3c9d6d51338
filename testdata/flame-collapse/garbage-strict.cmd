flame-collapse --strict garbage.perf.txt
