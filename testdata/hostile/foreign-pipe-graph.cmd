cat a.folded.bz2 | flame-graph --format=txt
