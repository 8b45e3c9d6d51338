t=$(mktemp -d) && flame-diff -o "$t/diff.folded" fp-before.folded fp-after.folded && cat "$t/diff.folded"; s=$?; rm -rf "$t"; exit $s
