flame-diff matrix-before.folded matrix-no-valid.folded
