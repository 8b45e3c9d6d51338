flame-trim --memory=64M --max-stacks=1 tree.folded
