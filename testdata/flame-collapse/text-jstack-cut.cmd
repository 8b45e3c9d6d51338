head -n 108 ../text/jstack-l.txt | flame-collapse
