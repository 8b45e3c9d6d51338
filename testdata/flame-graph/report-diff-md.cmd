flame-diff report-before.folded report.folded | flame-graph --format=md --top=4
