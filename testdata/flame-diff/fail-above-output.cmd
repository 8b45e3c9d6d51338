t=$(mktemp -d) && flame-diff --fail-above=1 -o "$t/d.folded" gate-before.folded gate-after.folded; s=$?; cat "$t/d.folded"; rm -rf "$t"; exit $s
