flame-trim --min-count=6 --drop tree.folded
