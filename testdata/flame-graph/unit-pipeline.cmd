flame-collapse ../go/cpu.pprof | flame-symbolize | flame-focus --focus=main.burn | flame-trim --max-depth=3 | flame-graph --format=txt --top=2
