flame-focus -ix MEMCPY small.folded
