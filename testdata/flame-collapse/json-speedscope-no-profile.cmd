flame-collapse --profile=gpu speedscope.json
