head -c 3000000 /dev/zero | FLAMEKIT_MAX_LINE=1000000 flame-collapse
