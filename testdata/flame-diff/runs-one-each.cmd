flame-diff -b fp-before.folded -a fp-after.folded
