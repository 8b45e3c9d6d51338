printf 'caf\351;\377\376 1\nok 2\n' | flame-focus --hide=ok | od -An -c
