flame-graph small.folded | sed -n '/<g id="frames">/,$p'
