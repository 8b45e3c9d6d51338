flame-collapse ../text/jstack-3dumps.txt ../text/jstack-l.txt ../text/jstack-jcmd.txt
