flame-focus
