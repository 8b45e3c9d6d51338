flame-collapse overflow.speedscope.json
