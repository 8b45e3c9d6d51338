flame-collapse --compat=perl ../go/cpu.raw.txt
