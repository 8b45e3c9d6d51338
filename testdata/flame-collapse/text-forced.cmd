flame-collapse -v --format=stap ../text/stap-kernel.txt 2>&1
