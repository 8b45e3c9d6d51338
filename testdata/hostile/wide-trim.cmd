python3 gen.py wide 100000 | flame-trim --collapse-recursion=all --strip-args | cksum
