flame-collapse --compat=perl --thread-number ../text/jstack-3dumps.txt
