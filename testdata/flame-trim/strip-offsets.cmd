flame-trim --strip-offsets names.folded
