flame-symbolize --no-such-option
