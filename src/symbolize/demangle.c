/*
 * demangle.c -- thin wrapper over libiberty's demangler (the one binutils
 * and gdb use), which knows C++ (Itanium ABI) and Rust, legacy and v0.
 */
#include "symbolize/demangle.h"

#include <stdlib.h>
#include <string.h>

#include <libiberty/demangle.h>

#include "core/error.h"

char *
fk_demangle(const char *name, size_t len)
{
	size_t annot = 0;

	if (len > 4 && name[len - 4] == '_' && name[len - 3] == '[' && name[len - 1] == ']')
		annot = 4;
	size_t base = len - annot;
	if (base < 3 || name[0] != '_' || (name[1] != 'Z' && name[1] != 'R'))
		return NULL;
	char *m = fk_xmalloc(base + 1);
	memcpy(m, name, base);
	m[base] = '\0';
	char *d = cplus_demangle(m, DMGL_PARAMS | DMGL_ANSI);
	free(m);
	if (d == NULL)
		return NULL;
	if (annot) {
		size_t dn = strlen(d);
		char *t = fk_xrealloc(d, dn + annot + 1);
		memcpy(t + dn, name + base, annot);
		t[dn + annot] = '\0';
		d = t;
	}
	return d;
}
