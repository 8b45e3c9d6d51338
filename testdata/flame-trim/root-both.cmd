flame-trim --drop-root --rename-root=app roots.folded
