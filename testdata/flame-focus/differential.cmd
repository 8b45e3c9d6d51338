flame-focus --prune-from='^b$' --ignore='^z$' diff.folded
