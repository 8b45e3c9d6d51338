flame-graph --format png --width 40000 small.folded
