flame-graph --diff=self | sed -n '/<g id="frames">/,$p'
