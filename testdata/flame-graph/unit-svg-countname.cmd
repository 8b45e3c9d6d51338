flame-collapse ../go/cpu.pprof | flame-graph --countname=cpu | grep -o -e '<title>[^<]*</title>' -e 'data-unit="[a-z]*"' | head -2
