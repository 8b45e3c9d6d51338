flame-graph --help
