flame-diff -b runs-b1.folded -a runs-a1.folded -a runs-a2.folded
