{ printf 'p 1 1.0: cpu-clock:\n\t1 '; tr '\000' x </dev/zero; } | FLAMEKIT_MAX_LINE=1000000 flame-collapse
