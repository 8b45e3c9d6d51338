flame-collapse --compat=perl records.perf.txt
