flame-collapse ../text/stap-kernel.txt
