flame-focus --show-from='a[' small.folded
