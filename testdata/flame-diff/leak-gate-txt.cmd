flame-diff --by=count --format=txt --fail-above=100 leak-before.folded leak-after.folded 2>/dev/null
