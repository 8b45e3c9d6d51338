flame-trim --memory=64M --min-percent=10 tree.folded
