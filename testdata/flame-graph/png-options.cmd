flame-graph --format png --theme dark --subtitle "sub" --stroke-color "#333" --colors aqua small.folded | head -c 4 | od -c
