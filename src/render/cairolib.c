/*
 * cairolib.c -- cairo and fontconfig loaded on demand (see cairolib.h).
 */
#include "render/cairolib.h"

#include <pthread.h>
#include <stddef.h>

#include "core/dynlib.h"
#include "core/error.h"

/* Run-time names on Debian (packages libcairo2, libfontconfig1). */
#define CAIRO_SONAME "libcairo.so.2"
#define FC_SONAME "libfontconfig.so.1"

struct fk_cairolib fk__cairolib;
static const char *load_soname;
static char load_msg[512];
static pthread_once_t once = PTHREAD_ONCE_INIT;

#define SYM(f) { #f, offsetof(struct fk_cairolib, f) },

static void
load(void)
{
	static const struct fk_dynsym cairo[] = { FK_CAIROLIB_CAIRO(SYM) };
	static const struct fk_dynsym fc[] = { FK_CAIROLIB_FC(SYM) };
	if (fk_dynlib_load(FC_SONAME, fc, sizeof fc / sizeof fc[0], &fk__cairolib, load_msg,
	    sizeof load_msg) < 0)
		load_soname = FC_SONAME;
	else if (fk_dynlib_load(CAIRO_SONAME, cairo, sizeof cairo / sizeof cairo[0],
	    &fk__cairolib, load_msg, sizeof load_msg) < 0)
		load_soname = CAIRO_SONAME;
}

const struct fk_cairolib *
fk_cairolib_get(void)
{
	pthread_once(&once, load);
	if (load_soname != NULL) {
		fk_error("PNG output needs %s: %s", load_soname, load_msg);
		return NULL;
	}
	return &fk__cairolib;
}
