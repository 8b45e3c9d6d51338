python3 gen.py line 100000000 | flame-graph | grep -o '<title>all[^<]*'
