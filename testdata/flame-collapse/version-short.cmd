flame-collapse -V
