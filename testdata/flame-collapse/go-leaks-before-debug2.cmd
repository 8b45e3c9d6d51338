flame-collapse ../go/leaks/before.debug2.txt.gz
