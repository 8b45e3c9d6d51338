flame-collapse ../go/leaks/panic.txt.gz
