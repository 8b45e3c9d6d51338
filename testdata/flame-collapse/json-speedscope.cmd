flame-collapse speedscope.json
