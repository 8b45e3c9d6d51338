cat program.elf | flame-collapse
