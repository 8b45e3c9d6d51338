flame-diff --no-such-option fp-before.folded fp-after.folded
