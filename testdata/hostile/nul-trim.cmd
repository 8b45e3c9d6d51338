printf 'a\000b;c 1\nd\000 2\n' | flame-trim | od -An -c
