flame-symbolize a.folded . missing.folded c.folded
