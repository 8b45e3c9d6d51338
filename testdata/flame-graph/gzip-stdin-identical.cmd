d=${TMPDIR:-/tmp}/fk-graph-gz-$$; flame-graph small.folded > $d.a && flame-graph - < small.folded.gz > $d.b && cmp $d.a $d.b && echo identical; rm -f $d.a $d.b
