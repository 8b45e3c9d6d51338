flame-diff matrix-before.folded matrix-after-bad.folded
