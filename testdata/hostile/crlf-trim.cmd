printf 'a 1\r\nb 2\r\n' | flame-trim
