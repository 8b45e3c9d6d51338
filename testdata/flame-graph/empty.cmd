f=${TMPDIR:-/tmp}/fk-graph-empty-$$.svg; flame-graph -o "$f"; s=$?; test ! -e "$f" && exit $s
