flame-graph --diff=both report.folded
