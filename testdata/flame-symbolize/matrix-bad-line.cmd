flame-symbolize
