printf 'a 1\rb 2\r' | flame-trim
