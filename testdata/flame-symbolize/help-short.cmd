flame-symbolize -h
