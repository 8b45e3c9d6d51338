flame-trim --replace='s/(/x/' tree.folded
