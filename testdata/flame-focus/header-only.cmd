flame-focus x
