flame-diff --confidence=95 runs-b1.folded runs-a1.folded
