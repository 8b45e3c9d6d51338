flame-symbolize --kallsyms=../symbolize/kallsyms.txt
