flame-collapse -h
