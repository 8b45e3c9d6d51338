flame-graph small.folded.gz | sed -n '/<g id="frames">/,$p'
