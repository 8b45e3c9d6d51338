flame-collapse --profile=cpu speedscope.json
