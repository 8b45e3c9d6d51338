flame-trim -h
