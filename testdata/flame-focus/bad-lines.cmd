flame-focus a
