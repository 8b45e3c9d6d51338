flame-collapse --strict
