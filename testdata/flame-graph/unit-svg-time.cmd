flame-collapse ../go/cpu.pprof | flame-graph | grep -o -e '<title>[^<]*</title>' -e 'data-unit="[a-z]*"' -e 'data-c="[0-9]*"' | head -8
