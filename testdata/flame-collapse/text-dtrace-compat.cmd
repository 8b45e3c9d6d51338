flame-collapse --compat=perl ../text/dtrace-ustack.txt
