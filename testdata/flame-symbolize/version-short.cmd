flame-symbolize -V
