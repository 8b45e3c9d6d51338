/*
 * xmllib.c -- libxml2 loaded on demand (see xmllib.h).
 */
#include "collapse/xmllib.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>

#include "core/error.h"

/* The library's run-time name on Debian (package libxml2). */
#define XMLLIB_SONAME "libxml2.so.2"

static struct fk_xmllib lib;
static const char *load_error;      /* static text or dlerror()'s, kept */
static char load_msg[512];
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void
load(void)
{
	void *h = dlopen(XMLLIB_SONAME, RTLD_NOW | RTLD_LOCAL);
	if (h == NULL) {
		const char *e = dlerror();
		snprintf(load_msg, sizeof load_msg, "%s", e ? e : "cannot be loaded");
		load_error = load_msg;
		return;
	}
	static const struct { const char *name; size_t at; } syms[] = {
		{ "xmlReaderForIO", offsetof(struct fk_xmllib, reader_for_io) },
		{ "xmlTextReaderSetErrorHandler", offsetof(struct fk_xmllib, set_error_handler) },
		{ "xmlTextReaderRead", offsetof(struct fk_xmllib, read) },
		{ "xmlTextReaderNodeType", offsetof(struct fk_xmllib, node_type) },
		{ "xmlTextReaderDepth", offsetof(struct fk_xmllib, depth) },
		{ "xmlTextReaderIsEmptyElement", offsetof(struct fk_xmllib, is_empty_element) },
		{ "xmlTextReaderConstLocalName", offsetof(struct fk_xmllib, const_local_name) },
		{ "xmlTextReaderGetAttribute", offsetof(struct fk_xmllib, get_attribute) },
		{ "xmlTextReaderReadString", offsetof(struct fk_xmllib, read_string) },
		{ "xmlTextReaderLocatorLineNumber", offsetof(struct fk_xmllib, locator_line_number) },
		{ "xmlFreeTextReader", offsetof(struct fk_xmllib, free_reader) },
		{ "xmlFree", offsetof(struct fk_xmllib, free) },
	};
	for (size_t i = 0; i < sizeof syms / sizeof syms[0]; i++) {
		void *p = dlsym(h, syms[i].name);
		if (p == NULL) {
			snprintf(load_msg, sizeof load_msg, "%s has no %s", XMLLIB_SONAME,
			    syms[i].name);
			load_error = load_msg;
			dlclose(h);
			return;
		}
		/* POSIX: a function pointer and void * convert both ways. */
		*(void **)((char *)&lib + syms[i].at) = p;
	}
	/* Kept open for the life of the process. */
}

const struct fk_xmllib *
fk_xmllib_get(void)
{
	pthread_once(&once, load);
	if (load_error != NULL) {
		fk_error("xctrace input needs libxml2 (%s): %s", XMLLIB_SONAME, load_error);
		return NULL;
	}
	return &lib;
}
