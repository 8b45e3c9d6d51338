flame-graph --flamechart --title 'a <b> & "c"' | sed -n '/<text id="title"/p;/<g id="frames">/,$p'
