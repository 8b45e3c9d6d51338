f=${TMPDIR:-/tmp}/fk-graph-o-$$.svg; flame-graph -o "$f" small.folded small.folded && grep -c "<g" "$f" && grep -o "all (200 samples, 100%)" "$f"; s=$?; rm -f "$f"; exit $s
