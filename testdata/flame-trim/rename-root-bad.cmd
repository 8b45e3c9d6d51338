flame-trim --rename-root='a;b' roots.folded
