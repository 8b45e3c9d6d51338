flame-diff --normalize fp-after.folded fp-before.folded
