flame-graph -o out.json small.folded && head -c 39 out.json && rm out.json
