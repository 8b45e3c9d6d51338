flame-focus a no-such-file.folded
