flame-trim --max-depth=2 --strip-offsets -
