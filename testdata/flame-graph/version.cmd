flame-graph --version
