flame-graph --scale 0 small.folded
