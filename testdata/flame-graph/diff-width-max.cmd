flame-graph --diff-width=max | sed -n '/<g id="frames">/,$p'
