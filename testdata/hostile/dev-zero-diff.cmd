FLAMEKIT_MAX_LINE=1000000 flame-diff a.folded /dev/zero
