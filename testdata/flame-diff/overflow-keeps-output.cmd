t=$(mktemp -d) && echo kept > "$t/x" && flame-diff -o "$t/x" overflow.folded fp-after.folded; s=$?; cat "$t/x"; rm -rf "$t"; exit $s
