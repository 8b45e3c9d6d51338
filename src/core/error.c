#include "core/error.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define FK_ERROR_MAX 4096

/* The sink, one per thread: no thread sees what another recorded. */
static _Thread_local char error_text[FK_ERROR_MAX];
static _Thread_local size_t error_len;
static _Thread_local enum fk_error_code error_code;

/* Set once by the command, before any thread starts; read-only afterwards. */
static const char *program_name = "flamekit";
static void (*cleanup)(void);

static fk_warn_fn *warn_handler;
static void *warn_ctx;

static void
error_vappend(enum fk_error_code code, const char *fmt, va_list ap)
{
	if (error_len > 0 && error_len + 2 < sizeof(error_text)) {
		/* Newer context goes in front: "outer: inner". */
		char tail[FK_ERROR_MAX];
		memcpy(tail, error_text, error_len + 1);
		int n = vsnprintf(error_text, sizeof(error_text), fmt, ap);
		if (n < 0)
			n = 0;
		size_t len = (size_t)n < sizeof(error_text) ? (size_t)n : sizeof(error_text) - 1;
		size_t room = sizeof(error_text) - len;
		if (room > 3) {
			memcpy(error_text + len, ": ", 2);
			size_t tl = strlen(tail);
			if (tl > room - 3)
				tl = room - 3;
			memcpy(error_text + len + 2, tail, tl);
			error_text[len + 2 + tl] = '\0';
		}
		error_len = strlen(error_text);
	} else {
		int n = vsnprintf(error_text, sizeof(error_text), fmt, ap);
		error_len = n < 0 ? 0 : strlen(error_text);
	}
	if (error_code == FK_ERR_NONE || code != FK_ERR_INPUT)
		error_code = code;
}

int
fk_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	error_vappend(FK_ERR_INPUT, fmt, ap);
	va_end(ap);
	return -1;
}

int
fk_error_code(enum fk_error_code code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	error_vappend(code, fmt, ap);
	va_end(ap);
	return -1;
}

int
fk_error_errno(int errnum, const char *what, const char *subject)
{
	return fk_error_code(errnum == EPIPE ? FK_ERR_PIPE : FK_ERR_IO,
	    "%s '%s': %s", what, subject, strerror(errnum));
}

const char *
fk_error_msg(void)
{
	return error_text;
}

enum fk_error_code
fk_error_last(void)
{
	return error_code;
}

void
fk_error_clear(void)
{
	error_text[0] = '\0';
	error_len = 0;
	error_code = FK_ERR_NONE;
}

void
fk_warn_set_handler(fk_warn_fn *fn, void *ctx)
{
	warn_handler = fn;
	warn_ctx = ctx;
}

fk_warn_fn *
fk_warn_get_handler(void **ctx)
{
	*ctx = warn_ctx;
	return warn_handler;
}

void
fk_warn(const char *file, unsigned long line, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	if (!warn_handler)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	warn_handler(warn_ctx, file, line, msg);
}

void
fk_out_of_memory(size_t n)
{
	/* No allocation from here on: stderr is unbuffered, _exit() flushes nothing half-done. */
	fprintf(stderr, "%s: out of memory (allocating %zu bytes)\n", program_name, n);
	if (cleanup)
		cleanup();
	_exit(1);
}

void
fk_error_set_program(const char *name)
{
	program_name = name;
}

void
fk_error_set_cleanup(void (*fn)(void))
{
	cleanup = fn;
}

void *
fk_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		fk_out_of_memory(n);
	return p;
}

void *
fk_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		fk_out_of_memory(n * size);
	return p;
}

void *
fk_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		fk_out_of_memory(n);
	return q;
}

char *
fk_xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = fk_xmalloc(n);
	memcpy(p, s, n);
	return p;
}

void
fk_advise_huge(void *p, size_t n)
{
#ifdef MADV_HUGEPAGE
	const uintptr_t huge = (uintptr_t)2 << 20;
	uintptr_t lo = ((uintptr_t)p + huge - 1) & ~(huge - 1);
	uintptr_t hi = ((uintptr_t)p + n) & ~(huge - 1);
	if (hi > lo)
		(void)madvise((void *)lo, hi - lo, MADV_HUGEPAGE);   /* a hint: failure changes nothing */
#else
	(void)p;
	(void)n;
#endif
}
