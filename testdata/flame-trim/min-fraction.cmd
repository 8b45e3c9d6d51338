flame-trim --min-fraction=0.06 tree.folded
