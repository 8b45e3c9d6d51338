flame-graph
