flame-focus memcpy small.folded - small.folded
