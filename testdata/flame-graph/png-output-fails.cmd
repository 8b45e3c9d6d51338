d=${TMPDIR:-/tmp}/fk-png-$$; mkdir "$d" && echo old > "$d/out.png" && flame-graph -o "$d/out.png" no-such-file.folded; s=$?; cat "$d/out.png"; ls "$d"; rm -rf "$d"; exit $s
