python3 gen.py line 100000000 | flame-focus -e x | wc -c
