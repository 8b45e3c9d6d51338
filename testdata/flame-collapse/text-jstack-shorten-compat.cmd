flame-collapse --compat=perl --shorten-pkgs --no-thread-name ../text/jstack-l.txt
