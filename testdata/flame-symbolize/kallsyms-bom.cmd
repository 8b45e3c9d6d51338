flame-symbolize --kallsyms kallsyms-bom.kallsyms
