flame-graph missing.folded
