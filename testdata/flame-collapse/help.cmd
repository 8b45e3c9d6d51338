flame-collapse --help
