flame-diff --fail-above=5 gate-many-before.folded gate-many-after.folded 2>&1 >/dev/null
