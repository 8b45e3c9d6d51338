flame-diff fp-before.folded fp-after.folded -o
