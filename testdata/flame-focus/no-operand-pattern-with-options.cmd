flame-focus --hide=main small.folded
