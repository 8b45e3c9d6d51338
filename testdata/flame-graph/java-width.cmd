flame-graph --colors java --sort=width --width 600 small.folded | sed -n '/<g id="frames">/,$p'
