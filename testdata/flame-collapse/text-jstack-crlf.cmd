sed 's/$/\r/' ../text/jstack-jcmd.txt | flame-collapse -
