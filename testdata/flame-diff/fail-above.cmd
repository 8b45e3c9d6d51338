flame-diff --fail-above=10 gate-before.folded gate-after.folded
