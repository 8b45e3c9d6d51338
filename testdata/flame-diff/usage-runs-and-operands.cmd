flame-diff -b runs-b1.folded -a runs-a1.folded runs-b2.folded runs-a2.folded
