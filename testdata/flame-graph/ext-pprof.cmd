flame-graph -o out.pprof small.folded && gzip -dc < out.pprof | head -c 4 | od -An -tx1 && rm out.pprof
