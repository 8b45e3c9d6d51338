flame-collapse - < d3.json
