python3 gen.py line 100000000 | flame-trim --strip-offsets | wc -c
