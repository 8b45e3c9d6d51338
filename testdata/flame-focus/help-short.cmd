flame-focus -h
