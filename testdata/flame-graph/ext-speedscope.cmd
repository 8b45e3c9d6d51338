flame-graph -o out.speedscope.json small.folded && head -c 62 out.speedscope.json && rm out.speedscope.json
