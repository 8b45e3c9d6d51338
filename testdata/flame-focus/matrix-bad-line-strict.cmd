flame-focus --strict a
