flame-diff a b --fail-above
