flame-trim --min-percent=101 tree.folded
