flame-collapse
