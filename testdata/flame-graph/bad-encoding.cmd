flame-graph --encoding no-such-charset small.folded
