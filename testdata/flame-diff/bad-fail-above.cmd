flame-diff --fail-above=-1 gate-before.folded gate-after.folded
