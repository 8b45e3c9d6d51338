flame-symbolize --strict
