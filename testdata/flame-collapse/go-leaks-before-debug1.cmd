flame-collapse ../go/leaks/before.debug1.txt
