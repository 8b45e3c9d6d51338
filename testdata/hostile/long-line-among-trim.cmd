FLAMEKIT_MAX_LINE=200 flame-trim long-frame.folded - long-frame.folded
