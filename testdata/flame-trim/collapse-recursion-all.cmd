flame-trim --collapse-recursion=all recursive.folded
