flame-diff -x fp-before.folded fp-after.folded
