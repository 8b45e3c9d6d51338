python3 gen.py deep 1000000 | flame-focus --hide=f1 | wc -c
