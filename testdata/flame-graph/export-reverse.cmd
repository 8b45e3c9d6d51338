flame-graph --reverse --format=json small.folded
