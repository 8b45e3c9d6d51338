python3 gen.py perfline 100000000 | flame-collapse | wc -c
