flame-collapse ../go/leaks/after.debug1.txt
