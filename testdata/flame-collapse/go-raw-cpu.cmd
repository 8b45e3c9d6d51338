flame-collapse ../go/cpu.raw.txt
