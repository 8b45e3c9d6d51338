flame-collapse ../go/corrupt/cut-debug1.txt
