flame-focus --memory=1M --hide=compute small.folded
