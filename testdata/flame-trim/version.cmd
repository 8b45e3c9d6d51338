flame-trim --version
