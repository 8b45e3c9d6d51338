flame-diff --fail-above=2 leak-before.folded leak-after.folded 2>&1 >/dev/null
