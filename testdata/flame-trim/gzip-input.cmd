flame-trim --max-depth=2 tree.folded.gz
