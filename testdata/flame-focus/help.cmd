flame-focus --help
