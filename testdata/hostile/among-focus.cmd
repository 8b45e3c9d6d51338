flame-focus -e . a.folded . missing.folded c.folded
