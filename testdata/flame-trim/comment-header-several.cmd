flame-trim --max-depth=2 header-a.folded header-b.folded -
