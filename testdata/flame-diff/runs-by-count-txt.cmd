flame-diff -b runs-b1.folded -b runs-b2.folded -b runs-b3.folded -a runs-a1.folded -a runs-a2.folded -a runs-a3.folded --root=strip --format=txt --by=count
