python3 gen.py wide 100000 | flame-graph | grep -c '<title>f'
