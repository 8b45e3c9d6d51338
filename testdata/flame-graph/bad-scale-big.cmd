flame-graph --format png --scale 11 small.folded
