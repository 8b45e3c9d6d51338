flame-graph .
