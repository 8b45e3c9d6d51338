printf "a 9223372036854775807\na 1\n" >o.tmp; flame-diff o.tmp /dev/null; s=$?; rm -f o.tmp; exit $s
