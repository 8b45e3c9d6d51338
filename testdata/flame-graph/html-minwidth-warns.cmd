flame-graph --format=html --minwidth 2 small.folded | grep -c 'id="fk-profile"'
