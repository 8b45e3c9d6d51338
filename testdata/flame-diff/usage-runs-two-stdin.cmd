flame-diff -b - -b runs-b1.folded -a - -a runs-a1.folded
