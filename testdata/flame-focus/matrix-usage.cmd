flame-focus --no-such-option
