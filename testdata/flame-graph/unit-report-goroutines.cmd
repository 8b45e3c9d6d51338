flame-collapse ../go/goroutine.debug2.txt | flame-graph --format=txt --top=2
