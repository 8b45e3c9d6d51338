flame-collapse --no-such-option
