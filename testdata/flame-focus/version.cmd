flame-focus --version
