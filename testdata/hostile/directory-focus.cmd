flame-focus -e . .
