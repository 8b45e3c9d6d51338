flame-graph --theme dark --stroke-color 'rgb(9,9,9)' --uicolor white --fonttype 'Mono; } x {' --notes 'a-->b' small.folded | grep -E '^(text|#frames rect)|NOTES|stop-color'
