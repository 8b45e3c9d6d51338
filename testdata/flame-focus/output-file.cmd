d=$(mktemp -d) && flame-focus -o "$d/out" compute small.folded && cat "$d/out" && ls "$d"; rm -rf "$d"
