flame-diff fp-before.folded
