flame-graph --diff-palette=rgb report.folded
