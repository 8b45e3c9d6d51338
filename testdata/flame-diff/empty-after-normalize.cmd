flame-diff -n fp-before.folded empty.folded
