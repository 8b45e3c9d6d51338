flame-diff . a.folded
