flame-collapse --compat=perl ../go/cpu.raw.txt 2>/dev/null | head -2
