flame-collapse no-such-file.txt
