flame-diff -b runs-b1.folded -b runs-b2.folded -b runs-b3.folded -a runs-a1.folded -a runs-a2.folded -a runs-a3.folded --root=strip --by=count --fail-above=1 2>&1 >/dev/null
