flame-collapse overflow.d3.json
