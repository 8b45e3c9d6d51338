flame-focus --show='^(main|memcpy)$' small.folded
