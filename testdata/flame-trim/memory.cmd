flame-trim --memory=1M header-a.folded tree.folded header-b.folded
