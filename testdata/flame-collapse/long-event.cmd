flame-collapse long-event.perf.txt
