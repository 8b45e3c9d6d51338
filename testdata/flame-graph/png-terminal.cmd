script -qec "flame-graph --format=png small.folded; echo exit \$?" /dev/null | tr -d '\r'
