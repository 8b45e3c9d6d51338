flame-collapse --compat=perl ../text/bpftrace-tuple.txt
