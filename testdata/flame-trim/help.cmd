flame-trim --help
