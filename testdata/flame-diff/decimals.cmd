flame-diff dec-before.folded dec-after.folded
