flame-symbolize --inline --lines
