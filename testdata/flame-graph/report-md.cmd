flame-graph --format=md --top=3 report.folded
