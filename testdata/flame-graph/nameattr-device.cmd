flame-graph --nameattr /dev/zero ../hostile/a.folded > /dev/null; echo "exit $?"
