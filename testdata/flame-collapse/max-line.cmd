head -c 3000000 /dev/zero | tr '\0' x | FLAMEKIT_MAX_LINE=1000000 flame-collapse
