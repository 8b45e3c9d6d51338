flame-graph --format=txt --strict
