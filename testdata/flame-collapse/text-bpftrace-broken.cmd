flame-collapse ../text/bpftrace-broken.txt
