script -qec "flame-graph -o /dev/stdout --format=png small.folded; echo exit \$?" /dev/null | tr -d '\r'
