flame-graph --format=txt --countname=goroutines --top=4
