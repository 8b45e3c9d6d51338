flame-graph -o out.svg && head -c 5 out.svg && rm out.svg
