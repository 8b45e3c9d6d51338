flame-trim --max-depth=1 - tree.folded
