flame-graph --width=100 --colors=java --title=t --format=pprof small.folded | flame-collapse
