flame-graph --scale x2 -o out.png small.folded
