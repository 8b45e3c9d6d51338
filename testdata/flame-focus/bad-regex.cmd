flame-focus '(' small.folded
