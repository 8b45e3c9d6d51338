flame-diff -b runs-b1.folded -b runs-b2.folded
