flame-trim
