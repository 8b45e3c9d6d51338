/*
 * xmllib.c -- libxml2 loaded on demand (see xmllib.h).
 */
#include "core/xmllib.h"

#include <pthread.h>
#include <stddef.h>

#include "core/dynlib.h"
#include "core/error.h"

/* The library's run-time name on Debian (package libxml2). */
#define XMLLIB_SONAME "libxml2.so.2"

struct fk_xmllib fk__xmllib;
static const char *load_error;      /* load_msg, once it failed */
static char load_msg[512];
static pthread_once_t once = PTHREAD_ONCE_INIT;

#define SYM(f) { #f, offsetof(struct fk_xmllib, f) },

static void
load(void)
{
	static const struct fk_dynsym syms[] = {
		FK_XMLLIB_FUNCS(SYM)
		{ "xmlFree", offsetof(struct fk_xmllib, free) },
	};
	if (fk_dynlib_load(XMLLIB_SONAME, syms, sizeof syms / sizeof syms[0], &fk__xmllib,
	    load_msg, sizeof load_msg) < 0)
		load_error = load_msg;
}

const struct fk_xmllib *
fk_xmllib_get(const char *for_what)
{
	pthread_once(&once, load);
	if (load_error != NULL) {
		fk_error("%s needs libxml2 (%s): %s", for_what, XMLLIB_SONAME, load_error);
		return NULL;
	}
	return &fk__xmllib;
}
