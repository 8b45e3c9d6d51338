flame-diff --fail-above 5 gate-before.folded gate-after.folded 2>&1 >/dev/null
