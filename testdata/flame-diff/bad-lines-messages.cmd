flame-diff bad.folded fp-after.folded 2>&1 >/dev/null
