flame-collapse ../go/goroutine.raw.txt
