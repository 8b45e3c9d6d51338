flame-symbolize --kallsyms=/nonexistent/kallsyms
