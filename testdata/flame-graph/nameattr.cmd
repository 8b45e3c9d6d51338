flame-graph --nameattr nameattr.tsv small.folded | grep -A2 '<a '
