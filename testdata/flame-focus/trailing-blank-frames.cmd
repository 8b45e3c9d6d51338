flame-focus main | cat -A
