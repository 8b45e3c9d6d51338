flame-graph --format=txt no-such-file.folded
