flame-diff --by=count --format=txt leak-before.folded leak-after.folded
