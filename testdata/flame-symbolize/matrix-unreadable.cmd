flame-symbolize no-such-file.folded
