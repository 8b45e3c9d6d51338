flame-graph -h
