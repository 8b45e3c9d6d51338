flame-diff --memory=1M dec-before.folded dec-after.folded
