flame-collapse --strict ../go/corrupt/cut-debug2.txt
