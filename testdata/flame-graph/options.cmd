flame-graph < small.folded --inverted --reverse --minwidth 5% --countname bytes --factor 2 | sed -n '/<g id="frames">/,$p'
