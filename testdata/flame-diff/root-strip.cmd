flame-diff --root=strip runs-b2.folded runs-a1.folded
