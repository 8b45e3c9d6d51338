flame-graph --format png small.folded | head -c 8 | od -c
