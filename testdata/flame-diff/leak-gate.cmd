flame-diff --by=count --fail-above=200 leak-before.folded leak-after.folded 2>&1 >/dev/null
