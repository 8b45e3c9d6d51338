flame-graph -o out.jpg
