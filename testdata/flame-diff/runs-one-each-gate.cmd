flame-diff -a gate-after.folded --fail-above 5 -b gate-before.folded 2>&1 >/dev/null
