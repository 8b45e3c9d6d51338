flame-graph | sed -n '/<g id="frames">/,$p'
