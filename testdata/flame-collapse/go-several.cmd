flame-collapse ../go/goroutine.debug2.txt - ../go/sigquit.txt < ../go/goroutine.debug2.txt
