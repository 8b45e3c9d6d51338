flame-collapse --thread-state --shorten-pkgs ../text/jstack-3dumps.txt
