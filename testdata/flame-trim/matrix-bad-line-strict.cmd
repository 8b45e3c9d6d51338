flame-trim --strict
