p=${TMPDIR:-/tmp}/fk-graph-pal-$$; printf "main->rgb(1,2,3)\\n" > $p; flame-graph --cp --palette-file $p small.folded | grep -c "rgb(1,2,3)"; s=$?; cat $p; rm -f $p; exit $s
