flame-graph --format=pprof | gzip -dc | od -An -c
