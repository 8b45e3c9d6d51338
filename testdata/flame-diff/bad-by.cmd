flame-diff --by=points leak-before.folded leak-after.folded
