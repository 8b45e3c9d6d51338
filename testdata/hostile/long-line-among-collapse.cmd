FLAMEKIT_MAX_LINE=200 flame-collapse long-frame.perf demo-tail.perf
