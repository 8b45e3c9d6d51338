flame-diff --by=count --format=txt leak-before-unit.folded leak-after-unit.folded
