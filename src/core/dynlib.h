/*
 * dynlib.h -- a shared library loaded with dlopen() on first use.
 *
 * A library that only one rarely used path needs (libxml2 for xctrace
 * input, cairo for PNG output) costs every run that links it: the loader
 * maps it and its own dependencies and relocates them before main, some
 * milliseconds and a few hundred page faults each.  Such a library is
 * loaded instead, into a table of function pointers, when the path is
 * taken.
 */
#ifndef FK_DYNLIB_H
#define FK_DYNLIB_H

#include <stddef.h>

/* A function to look up, and where its address goes in the table. */
struct fk_dynsym {
	const char *name;
	size_t at;      /* offsetof() a function-pointer member of the table */
};

/*
 * Open soname (kept open for the life of the process) and set each
 * symbol's slot in table.
 * @return 0, or -1 with why the library cannot be used in msg[0, len).
 */
int fk_dynlib_load(const char *soname, const struct fk_dynsym *syms, size_t n,
    void *table, char *msg, size_t len);

#endif
