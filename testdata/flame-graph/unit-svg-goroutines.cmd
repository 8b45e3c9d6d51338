flame-collapse ../go/goroutine.debug2.txt | flame-graph | grep -o -e '<title>[^<]*</title>' -e 'data-countname="[a-z]*"' | head -4
