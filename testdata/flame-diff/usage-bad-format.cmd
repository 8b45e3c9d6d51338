flame-diff --format=svg runs-b1.folded runs-a1.folded
