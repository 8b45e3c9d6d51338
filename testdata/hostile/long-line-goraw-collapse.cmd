FLAMEKIT_MAX_LINE=200 flame-collapse long-line.goraw ../go/cpu.raw.txt
