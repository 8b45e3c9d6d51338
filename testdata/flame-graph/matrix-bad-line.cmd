flame-graph --format=txt
