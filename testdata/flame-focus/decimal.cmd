flame-focus --hide='^b$' -
