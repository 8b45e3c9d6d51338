flame-graph -V
