flame-graph --format=md
