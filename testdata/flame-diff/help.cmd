flame-diff --help
