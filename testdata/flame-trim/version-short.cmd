flame-trim -V
