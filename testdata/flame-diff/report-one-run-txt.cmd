flame-diff --format=txt --root=strip fp-before.folded fp-after.folded
