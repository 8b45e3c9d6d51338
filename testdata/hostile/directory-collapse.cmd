flame-collapse .
