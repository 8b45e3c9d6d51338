flame-diff fp-before.folded no-such.folded
