flame-collapse rust-legacy.perf.txt
