flame-collapse ../text/dtrace-ustack.txt ../text/stap-kernel.txt
