flame-graph --colors nope small.folded
