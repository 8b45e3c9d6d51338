flame-graph --diff-palette=cb --diff-width=max | sed -n '/<g id="frames">/,$p'
