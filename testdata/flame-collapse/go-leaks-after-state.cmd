flame-collapse --go-state ../go/leaks/after.debug2.txt.gz
