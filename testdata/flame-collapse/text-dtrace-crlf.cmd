sed 's/$/\r/' ../text/dtrace-ustack.txt | flame-collapse
