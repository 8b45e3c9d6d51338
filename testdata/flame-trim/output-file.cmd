d=$(mktemp -d) && flame-trim -o "$d/out" --max-depth 1 tree.folded && cat "$d/out" && ls "$d"; rm -rf "$d"
