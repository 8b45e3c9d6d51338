flame-trim a.folded . missing.folded c.folded
