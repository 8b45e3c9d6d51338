flame-collapse ../text/dtrace-quiet.txt
