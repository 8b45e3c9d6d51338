flame-focus memcpy nope.folded small.folded
