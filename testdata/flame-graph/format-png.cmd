flame-graph --format png small.folded
