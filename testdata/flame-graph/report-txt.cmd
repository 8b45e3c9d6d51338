flame-graph --format txt report.folded
