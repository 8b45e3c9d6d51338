python3 gen.py perfdeep 1000000 | flame-collapse | wc -c
