flame-trim --collapse-recursion=some tree.folded
