flame-diff empty.folded fp-after.folded
