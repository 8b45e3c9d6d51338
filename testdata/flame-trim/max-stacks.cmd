flame-trim --max-stacks=2 tree.folded
