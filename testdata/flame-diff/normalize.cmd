flame-diff -n fp-before.folded fp-after.folded
