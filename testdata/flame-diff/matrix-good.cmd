flame-diff matrix-before.folded matrix-before.folded
