flame-trim --rename-root=app roots.folded
