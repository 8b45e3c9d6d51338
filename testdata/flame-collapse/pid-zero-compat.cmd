flame-collapse --compat=perl --pid pid-zero.perf.txt && flame-collapse --compat=perl --tid pid-zero.perf.txt
