sed 's/$/\r/' ../text/bpftrace-tuple.txt | flame-collapse -
