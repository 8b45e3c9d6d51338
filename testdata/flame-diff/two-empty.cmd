flame-diff empty.folded empty.folded
