flame-diff --by=count --fail-above=600 leak-before.folded leak-after.folded
