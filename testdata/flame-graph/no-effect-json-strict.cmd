flame-graph --strict --minwidth=5 --format=json small.folded
