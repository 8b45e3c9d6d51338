FLAMEKIT_MAX_LINE=100 flame-trim long-5000.folded
