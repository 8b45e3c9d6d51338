flame-diff -n fp-before.folded -
