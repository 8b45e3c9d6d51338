flame-diff -n empty.folded fp-after.folded
