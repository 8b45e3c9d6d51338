flame-trim --max-depth=1 nope.folded tree.folded
