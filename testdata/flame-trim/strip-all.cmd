flame-trim --strip-offsets --strip-args --strip-annotations names.folded
