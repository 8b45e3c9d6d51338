flame-trim .
