flame-graph -o out.md && cat out.md && rm out.md
