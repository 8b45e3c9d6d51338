flame-graph --minwidth 200% small.folded
