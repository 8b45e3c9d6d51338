flame-diff bad.folded fp-after.folded
