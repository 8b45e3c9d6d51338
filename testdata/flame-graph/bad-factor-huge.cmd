flame-graph --factor 1e308 small.folded
