flame-diff blank-before.folded blank-after.folded | cat -A
