flame-graph --strict --scale=2 --format=txt
