flame-collapse --go-state go-entry-frame.txt
