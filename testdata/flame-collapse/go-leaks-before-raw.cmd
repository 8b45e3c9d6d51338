flame-collapse ../go/leaks/before.raw.txt
