flame-collapse nul-event.perf.txt
