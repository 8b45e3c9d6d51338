flame-graph --fontsize 1e308 small.folded
