flame-collapse garbage.perf.txt
