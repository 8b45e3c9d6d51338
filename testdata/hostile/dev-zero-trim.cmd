FLAMEKIT_MAX_LINE=1000000 flame-trim /dev/zero
