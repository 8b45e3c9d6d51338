flame-collapse --go-state ../go/sigquit.txt
