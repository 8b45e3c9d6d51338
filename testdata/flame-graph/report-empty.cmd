flame-graph --format=md /dev/null
