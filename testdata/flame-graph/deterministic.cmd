d=${TMPDIR:-/tmp}/fk-graph-det-$$; flame-graph small.folded > $d.a && flame-graph - < small.folded > $d.b && cmp $d.a $d.b && echo identical; rm -f $d.a $d.b
