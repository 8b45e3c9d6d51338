flame-collapse ../go/leaks/after.debug2.txt.gz
