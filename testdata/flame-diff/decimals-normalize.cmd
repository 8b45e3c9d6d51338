flame-diff -n dec-before.folded dec-after.folded
