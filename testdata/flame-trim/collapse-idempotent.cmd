flame-trim --collapse-recursion=all recursive.folded | flame-trim --collapse-recursion=all | cmp - collapse-recursion-all.out && echo same
