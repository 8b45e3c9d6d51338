flame-graph a.folded . c.folded
