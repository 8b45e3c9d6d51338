flame-collapse program.elf one.perf.txt
