flame-diff -ns blank-before.folded blank-after.folded | cat -A
