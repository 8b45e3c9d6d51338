flame-diff --root=app -s runs-b2.folded runs-a1.folded
