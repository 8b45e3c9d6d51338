d=${TMPDIR:-/tmp}/fk-png-$$; mkdir "$d" && flame-graph -o "$d/out.png" small.folded && head -c 8 "$d/out.png" | od -c && ls "$d"; s=$?; rm -rf "$d"; exit $s
