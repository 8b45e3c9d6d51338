flame-graph --negate | sed -n '/<g id="frames">/,$p'
