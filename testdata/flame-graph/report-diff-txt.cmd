flame-diff report-before.folded report.folded | flame-graph --format=txt --countname=ms
