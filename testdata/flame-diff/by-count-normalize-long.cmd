flame-diff --normalize --by count -b leak-before.folded -b leak-before.folded -a leak-after.folded -a leak-after.folded
