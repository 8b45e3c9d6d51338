flame-collapse --go-state --lines go-long-names.txt
