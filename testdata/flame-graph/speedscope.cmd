flame-graph --format=speedscope --title="demo \"export\""
