flame-diff --by=count --format=md leak-before.folded leak-after.folded
