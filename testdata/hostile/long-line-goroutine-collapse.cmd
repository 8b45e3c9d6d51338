FLAMEKIT_MAX_LINE=200 flame-collapse long-frame.goroutine tail.goroutine
