flame-collapse --compat=perl ../text/stap-kernel.txt
