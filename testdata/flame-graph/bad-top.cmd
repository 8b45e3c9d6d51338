flame-graph --format=md --top=0 report.folded
