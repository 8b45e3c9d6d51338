flame-graph --format=json
