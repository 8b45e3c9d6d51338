/*
 * error.h -- the library's single error sink.
 *
 * Library functions never print or exit.  On failure they record a message
 * with fk_error() and return -1; the command prints fk_error_msg() once at
 * top level.  Non-fatal diagnostics about the input (a bad line that was
 * skipped) go through fk_warn(), which calls a handler the command installs.
 *
 * Threads: the sink is per thread.  fk_error*() record for the calling
 * thread and fk_error_msg(), fk_error_last() and fk_error_clear() see only
 * what it recorded, so worker threads (flame-collapse -j) may call
 * functions that record and clear errors; a worker hands what it needs
 * reported back to the thread that started it.  The warning handler, the
 * program name and the cleanup function are set before any thread starts;
 * fk_warn() is for that thread only (workers keep their warnings and the
 * main thread reports them).
 */
#ifndef FK_ERROR_H
#define FK_ERROR_H

#include <stdarg.h>
#include <stddef.h>

enum fk_error_code {
	FK_ERR_NONE = 0,
	FK_ERR_INPUT,   /* malformed input */
	FK_ERR_IO,      /* read or write failure */
	FK_ERR_NOMEM,   /* allocation failure */
	FK_ERR_USAGE,   /* bad argument passed through to the library */
	FK_ERR_PIPE,    /* output closed by the reader (EPIPE) */
};

/*
 * Record a message (printf format) with code FK_ERR_INPUT unless a more
 * specific code is given through fk_error_code().  Messages append, joined
 * by ": " so that callers can add context around a callee's message.
 * @return -1, so that `return fk_error(...)` reads naturally.
 */
int fk_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int fk_error_code(enum fk_error_code code, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Record "what 'subject': strerror(errnum)" with code FK_ERR_IO (FK_ERR_PIPE for EPIPE). */
int fk_error_errno(int errnum, const char *what, const char *subject);

/*
 * The text the calling thread recorded ("" when none); owned by the sink,
 * valid until that thread's next fk_error*() or its exit.
 */
const char *fk_error_msg(void);
enum fk_error_code fk_error_last(void);
void fk_error_clear(void);

/*
 * Warnings about input that was skipped.  file and line may be NULL/0.
 * The handler is called once per warning; the default handler discards.
 */
typedef void fk_warn_fn(void *ctx, const char *file, unsigned long line, const char *msg);
void fk_warn_set_handler(fk_warn_fn *fn, void *ctx);
/* The handler set (NULL: the default), and its ctx in *ctx: to put it back after a quiet try. */
fk_warn_fn *fk_warn_get_handler(void **ctx);
void fk_warn(const char *file, unsigned long line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * On allocation failure the xmalloc family prints "NAME: out of memory",
 * calls the cleanup function (which removes temporary output files) and
 * exits with status 1.  The name and the cleanup are set once, by the
 * command and by the output module.
 */
void fk_error_set_program(const char *name);
void fk_error_set_cleanup(void (*fn)(void));
void *fk_xmalloc(size_t n);
void *fk_xcalloc(size_t n, size_t size);
void *fk_xrealloc(void *p, size_t n);
char *fk_xstrdup(const char *s);
/* The same end for a size that cannot be allocated at all (it overflows). */
_Noreturn void fk_out_of_memory(size_t n);
/*
 * Hint that the n bytes at p (a table of megabytes read at random) should
 * sit on huge pages: the pages not yet touched then come 2 MiB at a time,
 * and a lookup no longer costs a TLB miss besides the cache miss.  Only
 * the whole 2 MiB ranges inside the block are advised; smaller blocks,
 * and kernels without transparent huge pages, are left as they are.
 */
void fk_advise_huge(void *p, size_t n);

#define FK_FREE(p) do { free(p); (p) = NULL; } while (0)

#endif
