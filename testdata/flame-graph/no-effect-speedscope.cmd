flame-graph --countname=x --format=speedscope small.folded >/dev/null
