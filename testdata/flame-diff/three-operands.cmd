flame-diff fp-before.folded fp-after.folded fp-after.folded
