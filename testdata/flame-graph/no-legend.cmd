flame-graph --no-legend --diff-width=max | sed -n '/<svg /p;/<g id="frames">/,$p'
