flame-diff --fail-above=15.1 gate-before.folded gate-after.folded
