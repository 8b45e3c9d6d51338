flame-focus main
