flame-collapse --compat=perl ../go/goroutine.raw.txt
