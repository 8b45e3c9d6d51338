flame-collapse -o /nonexistent/dir/out.folded ../perf/fp.perf.txt
