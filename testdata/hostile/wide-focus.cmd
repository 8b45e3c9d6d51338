python3 gen.py wide 100000 | flame-focus --show-from=f99998
