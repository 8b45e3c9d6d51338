flame-diff --format=md gate-before.folded gate-after.folded
