flame-collapse | od -An -c
