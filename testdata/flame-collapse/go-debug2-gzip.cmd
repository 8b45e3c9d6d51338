flame-collapse goroutine.debug2.txt.gz
