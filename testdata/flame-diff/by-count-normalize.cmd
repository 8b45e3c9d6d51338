flame-diff --by=count -n leak-before.folded leak-after.folded
