flame-trim --drop-root --max-depth=1 roots.folded
