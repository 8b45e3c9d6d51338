flame-collapse --format=dtrace --compat=perl ../text/dtrace-quiet.txt
