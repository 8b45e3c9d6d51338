flame-diff - fp-after.folded
