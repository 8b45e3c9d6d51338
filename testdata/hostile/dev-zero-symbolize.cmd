FLAMEKIT_MAX_LINE=1000000 flame-symbolize /dev/zero
