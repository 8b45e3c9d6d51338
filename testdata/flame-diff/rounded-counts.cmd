flame-diff round-before.folded round-after.folded
