rm -f failed.tmp; flame-collapse -o failed.tmp missing.txt; s=$?; ls failed.tmp .failed.tmp.* 2>/dev/null; exit $s
