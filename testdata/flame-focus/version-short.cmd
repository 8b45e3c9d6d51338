flame-focus -V
