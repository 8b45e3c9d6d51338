flame-diff --root='a;b' runs-b1.folded runs-a1.folded
