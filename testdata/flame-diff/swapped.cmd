flame-diff fp-after.folded fp-before.folded
