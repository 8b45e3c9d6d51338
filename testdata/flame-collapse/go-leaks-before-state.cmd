flame-collapse --go-state ../go/leaks/before.debug2.txt.gz
