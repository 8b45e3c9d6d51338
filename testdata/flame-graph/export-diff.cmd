flame-graph --format=speedscope
