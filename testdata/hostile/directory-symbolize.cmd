flame-symbolize .
