flame-graph --scale=2 --format=txt
