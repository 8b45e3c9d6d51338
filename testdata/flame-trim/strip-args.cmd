flame-trim --strip-args names.folded
