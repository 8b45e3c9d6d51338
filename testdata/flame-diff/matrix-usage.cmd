flame-diff --no-such-option
