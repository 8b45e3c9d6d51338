python3 gen.py deep 1000000 | flame-trim --collapse-recursion=all
