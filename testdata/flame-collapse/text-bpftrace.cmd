flame-collapse ../text/bpftrace-kstack.txt
