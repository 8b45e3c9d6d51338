flame-collapse ../go/corrupt/cut-debug2.txt
