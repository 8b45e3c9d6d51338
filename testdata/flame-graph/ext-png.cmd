flame-graph -o out.png && head -c 8 out.png | od -An -c && rm out.png
