flame-graph --diff=total | sed -n '/<g id="frames">/,$p'
