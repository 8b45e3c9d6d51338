flame-collapse ../text/dtrace-ustack.txt
