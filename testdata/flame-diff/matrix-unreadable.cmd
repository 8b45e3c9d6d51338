flame-diff matrix-before.folded no-such-file.folded
