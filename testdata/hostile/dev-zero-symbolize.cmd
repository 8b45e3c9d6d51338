tr '\0' x < /dev/zero | FLAMEKIT_MAX_LINE=1000000 flame-symbolize -
