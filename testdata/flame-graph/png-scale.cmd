flame-graph --format=png --scale 2 --width 600 small.folded | od -An -tu1 -j12 -N12
