FLAMEKIT_MAX_LINE=1000000 flame-focus -e . /dev/zero
