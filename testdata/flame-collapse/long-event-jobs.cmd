flame-collapse -j 2 long-event.perf.txt
