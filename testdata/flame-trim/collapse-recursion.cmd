flame-trim --collapse-recursion recursive.folded
