flame-graph --no-such-option
