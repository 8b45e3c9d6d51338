flame-graph --diff-width=min report.folded
