flame-graph | grep -c '<title>'
