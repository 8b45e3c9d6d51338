flame-graph --format jpeg small.folded
