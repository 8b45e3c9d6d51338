t=$(mktemp -d) && flame-graph -o "$t/graph.HTML" small.folded && head -c 15 "$t/graph.HTML" && echo && rm -r "$t"
