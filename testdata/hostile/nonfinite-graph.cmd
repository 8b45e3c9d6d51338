flame-graph | grep -o '<title>all[^<]*'
