flame-diff --fail-above=5 runs-b1.folded runs-a1.folded 2>&1 >/dev/null
