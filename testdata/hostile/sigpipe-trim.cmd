{ seq 1 300000 | sed 's/^/f/; s/$/ 1/' | flame-trim; echo "status $?" >&2; } | head -1
