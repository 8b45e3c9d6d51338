flame-graph --cp --palette-file /dev/zero ../hostile/a.folded > /dev/null; echo "exit $?"
