flame-collapse ../go/heap.raw.txt | cmp - unit-heap.out && echo "pprof -raw gives the same, header included"
