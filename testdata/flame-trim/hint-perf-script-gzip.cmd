{ gzip -c ../perf/demo.perf.txt | flame-trim > /dev/null; } 2>&1; echo "status $?"
