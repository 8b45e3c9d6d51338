flame-diff matrix-before.folded matrix-perf.txt
