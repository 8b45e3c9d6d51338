flame-trim --no-such-option
