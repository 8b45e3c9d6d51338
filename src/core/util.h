/*
 * util.h -- small helpers that several modules would otherwise each write:
 * locale-free ASCII character classes, the display name of an input, a
 * growable array, a line iterator for side files (palettes, --nameattr,
 * symbol maps) and opening a regular file that an option names.
 */
#ifndef FK_UTIL_H
#define FK_UTIL_H

#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>

/*
 * ASCII character classes.  They never depend on the locale: a byte
 * outside ASCII belongs to no class.  fk_is_space() is <ctype.h>'s
 * isspace() in the C locale (and Perl's \s on bytes).
 */
static inline int
fk_is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static inline int
fk_is_xdigit(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* Space or tab. */
static inline int
fk_is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Space, \t, \n, \v, \f or \r. */
static inline int
fk_is_space(char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/* A letter, a digit or '_' (a C identifier's characters, Perl's \w on bytes). */
static inline int
fk_is_word(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* Whether s[0, n) starts with the NUL-terminated prefix. */
static inline int
fk_has_prefix(const char *s, size_t n, const char *prefix)
{
	size_t k = strlen(prefix);
	return n >= k && memcmp(s, prefix, k) == 0;
}

/*
 * The name to show for an input in messages: "<stdin>" for NULL or "-",
 * else name itself.  @return name or a static string; never NULL.
 */
static inline const char *
fk_display_name(const char *name)
{
	return !name || strcmp(name, "-") == 0 ? "<stdin>" : name;
}

/*
 * Make room for at least need elements in the array p of cap elements:
 * cap grows by doubling, from first (> 0) when it is 0, and p is
 * reallocated.  Elements are not initialised.  cap must be a size_t
 * lvalue; p and need are evaluated more than once.  Out of memory, or a
 * size that overflows, ends the program through fk_xrealloc().
 */
#define FK_GROW(p, cap, need, first)                                                   \
	do {                                                                               \
		if ((need) > (cap))                                                            \
			(p) = fk__grow((p), &(cap), (need), sizeof(*(p)), (first));               \
	} while (0)

/* FK_GROW's slow path: @return the reallocated array; sets *cap. */
void *fk__grow(void *p, size_t *cap, size_t need, size_t size, size_t first);

/*
 * A side file read line by line:
 *
 *	struct fk_lines l;
 *	fk_lines_init(&l, fp);
 *	while ((n = fk_lines_next(&l, &line)) >= 0)
 *		... fk_lines_lineno(&l) ...
 *	fk_lines_release(&l);
 *	if (ferror(fp)) ...
 *
 * The first line loses a UTF-8 byte order mark; every line loses its
 * trailing '\n' and '\r' characters.  The caller keeps fp open and checks
 * ferror(fp) after the loop: fk_lines_next() sets errno as getline(3).
 */
struct fk_lines {
	FILE *fp;
	char *buf;
	size_t cap;
	unsigned long lineno;
};

void fk_lines_init(struct fk_lines *l, FILE *fp);
/*
 * Read the next line.  @return its length, or -1 at the end of the file
 * or on a read error.  *line is NUL-terminated (it may hold NUL bytes
 * too), owned by l and valid until the next call; the caller may modify
 * it in place.
 */
ssize_t fk_lines_next(struct fk_lines *l, char **line);
/* Number of the line last returned (1-based). */
static inline unsigned long
fk_lines_lineno(const struct fk_lines *l)
{
	return l->lineno;
}
void fk_lines_release(struct fk_lines *l);

/*
 * Open path read-only (O_CLOEXEC) if it names a regular file.  Nothing
 * else is opened at all, so that a FIFO or a device is never waited for
 * nor touched; the file is checked again once open.  Records nothing.
 * @return the descriptor, or -1 with errno from stat(2)/open(2), or with
 * errno 0 when path names something other than a regular file.
 */
int fk_open_regular_fd(const char *path);

/*
 * fk_open_regular_fd() as a stream, for a file that an option names (a
 * palette, a symbol table).  @return the stream, which the caller
 * closes, or NULL with the reason recorded with fk_error*() ("cannot open
 * 'PATH': REASON" or "cannot read 'PATH': not a regular file").  When
 * missing is not NULL, *missing is set to 1 when the file does not exist
 * (ENOENT), else to 0.
 */
FILE *fk_open_regular(const char *path, int *missing);

#endif
