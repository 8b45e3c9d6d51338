d=${TMPDIR:-/tmp}/fk-png-$$; mkdir "$d" && flame-graph --format svg -o "$d/out.png" small.folded && head -c 5 "$d/out.png"; echo; s=$?; rm -rf "$d"; exit $s
