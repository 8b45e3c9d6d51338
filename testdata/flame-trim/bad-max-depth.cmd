flame-trim --max-depth=0 tree.folded
