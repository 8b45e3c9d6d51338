python3 gen.py deep 1000000 | flame-graph | grep -c '<title>f'
