flame-collapse ../go/leaks/after.raw.txt
