flame-diff --by=count --format=md -b leak-before-unit.folded -b leak-before-unit.folded -a leak-after-unit.folded -a leak-after-unit.folded
