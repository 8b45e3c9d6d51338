flame-graph --format=txt a.folded . c.folded
