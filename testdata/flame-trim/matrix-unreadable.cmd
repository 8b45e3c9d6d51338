flame-trim no-such-file.folded
