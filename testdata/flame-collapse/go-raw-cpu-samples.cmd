flame-collapse --sample-type=samples ../go/cpu.raw.txt
