flame-trim --drop-root roots.folded
