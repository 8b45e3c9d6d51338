flame-trim --replace='s/a/b' tree.folded
