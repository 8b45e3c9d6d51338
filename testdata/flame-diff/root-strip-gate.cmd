flame-diff --root=strip --fail-above=20 runs-b1.folded runs-a1.folded
