flame-diff --after=runs-a1.folded
