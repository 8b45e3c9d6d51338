flame-graph -o out && head -c 5 out && rm out
