#include "core/dynlib.h"

#include <dlfcn.h>
#include <stdio.h>

int
fk_dynlib_load(const char *soname, const struct fk_dynsym *syms, size_t n,
    void *table, char *msg, size_t len)
{
	void *h = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
	if (h == NULL) {
		const char *e = dlerror();
		snprintf(msg, len, "%s", e ? e : "cannot be loaded");
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		void *p = dlsym(h, syms[i].name);
		if (p == NULL) {
			snprintf(msg, len, "%s has no %s", soname, syms[i].name);
			dlclose(h);
			return -1;
		}
		/* POSIX: a function pointer and void * convert both ways. */
		*(void **)((char *)table + syms[i].at) = p;
	}
	return 0;
}
