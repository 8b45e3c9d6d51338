flame-collapse ../go/cpu.pprof | flame-graph --countname=ms --factor=0.000001 | grep -o -e '<title>[^<]*</title>' -e 'data-unit="[a-z]*"' | head -3
