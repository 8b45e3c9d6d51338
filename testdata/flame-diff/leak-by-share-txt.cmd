flame-diff --format=txt leak-before.folded leak-after.folded
