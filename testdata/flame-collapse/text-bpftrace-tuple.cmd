flame-collapse ../text/bpftrace-tuple.txt
