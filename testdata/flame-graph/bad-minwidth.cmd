flame-graph --minwidth 5px small.folded
