cat tree.folded.xz | flame-trim --max-depth=2
