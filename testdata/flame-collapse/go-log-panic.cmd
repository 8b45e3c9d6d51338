flame-collapse go-log-panic.txt
