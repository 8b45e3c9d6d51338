rm -f among.tmp; flame-collapse -o among.tmp one.perf.txt . missing.txt; s=$?; cat among.tmp; rm -f among.tmp; exit $s
