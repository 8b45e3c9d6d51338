flame-collapse --compat=perl ../text/bpftrace-kstack.txt
