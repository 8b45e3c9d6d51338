/*
 * reader.h -- fast line reader over a file descriptor.
 *
 * Reads through one large buffer with read(2); a line is returned as a
 * pointer into that buffer, so nothing is allocated per line.  The buffer
 * grows only when a single line is longer than it, so lines of any length
 * work.  The trailing "\n" or "\r\n" is removed; embedded NUL bytes are
 * kept (use the returned length); a last line without newline is returned.
 */
#ifndef FK_READER_H
#define FK_READER_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct fk_reader;

/*
 * Create a reader on fd, which stays owned by the caller.  name is used in
 * messages ("-" shows as "<stdin>"); it is copied.
 */
struct fk_reader *fk_reader_new(int fd, const char *name);
/*
 * Create a reader over bytes [start, end) of a regular file, read with
 * pread(2) so that several readers can share one descriptor.
 */
struct fk_reader *fk_reader_new_range(int fd, const char *name, uint64_t start,
    uint64_t end);
/*
 * Point a reader made by fk_reader_new_range() at bytes [start, end) of its
 * file, as if it were new (line numbers and offsets start again), keeping
 * its buffer: a worker that reads many ranges of one file reuses one.
 */
void fk_reader_set_range(struct fk_reader *r, uint64_t start, uint64_t end);
/*
 * Create a reader on fd that first returns the n bytes at prefix (copied),
 * bytes the caller already read from fd (to detect the input's format),
 * then continues reading fd.  prefix may be NULL when n is 0.
 */
struct fk_reader *fk_reader_new_prefixed(int fd, const char *name,
    const void *prefix, size_t n);

/* Bytes already read from an input, for fk_reader_new_prefixed(). */
struct fk_input_prefix {
	const char *data;   /* NULL when len is 0 */
	size_t len;
};
/* Accepts NULL. Does not close the descriptor. */
void fk_reader_free(struct fk_reader *r);

/*
 * Private: the part of a reader that the inline fast path below reads.  It
 * is the first member of struct fk_reader; use the functions, not this.
 */
struct fk__reader_fast {
	char *buf;
	size_t start;    /* first unconsumed byte */
	size_t end;      /* one past the last byte read */
	size_t scan;     /* no newline in [start, scan) */
	unsigned long lineno;
	uint64_t offset;
};

int fk__reader_line_slow(struct fk_reader *r, char **line, size_t *len);

/*
 * Next line, if the buffer already holds all of it: as fk_reader_line(),
 * but 0 means "call fk_reader_line()", which may read more and move the
 * buffer.  Lines returned here stay where they are until then, so a
 * caller may keep pointers to several of them.
 */
static inline int
fk_reader_line_buffered(struct fk_reader *r, char **line, size_t *len)
{
	struct fk__reader_fast *f = (struct fk__reader_fast *)(void *)r;
	if (f->scan < f->end) {
		char *nl = (char *)memchr(f->buf + f->scan, '\n', f->end - f->scan);
		if (nl) {
			size_t s = f->start, e = (size_t)(nl - f->buf);
			f->start = f->scan = e + 1;
			f->offset += e + 1 - s;
			if (e > s && f->buf[e - 1] == '\r')
				e--;
			f->buf[e] = '\0';
			*line = f->buf + s;
			*len = e - s;
			f->lineno++;
			return 1;
		}
		f->scan = f->end;
	}
	return 0;
}

/*
 * Next line.  On success *line points at the text, owned by the reader and
 * valid until the next call; it is NUL-terminated at *len and may be
 * modified in place up to *len bytes.
 * @return 1 for a line, 0 at end of input, -1 on a read error (recorded).
 */
static inline int
fk_reader_line(struct fk_reader *r, char **line, size_t *len)
{
	if (fk_reader_line_buffered(r, line, len))
		return 1;
	return fk__reader_line_slow(r, line, len);
}

/*
 * Longest line accepted, in bytes: a longer line is an error ("line longer
 * than N bytes") rather than memory that grows without bound, e.g. when
 * reading /dev/zero.  The default for new readers is FK_READER_MAX_LINE.
 */
#define FK_READER_MAX_LINE ((uint64_t)1 << 30)
void fk_reader_set_default_max_line(uint64_t bytes);
void fk_reader_set_max_line(struct fk_reader *r, uint64_t bytes);

/*
 * The length of the UTF-8 byte order mark that s[0, n) starts with (some
 * editors write one; it is not text): 3, or 0.
 */
static inline size_t
fk_bom_len(const void *s, size_t n)
{
	return n >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
}

/*
 * For files read line by line without a reader (getline): drop a byte
 * order mark from the first line, in place.  @return the new length.
 */
static inline size_t
fk_drop_bom(char *line, size_t n)
{
	size_t b = fk_bom_len(line, n);
	if (b)
		memmove(line, line + b, n - b + 1);
	return n - b;
}

/* Number of the line last returned (1-based). */
static inline unsigned long
fk_reader_lineno(const struct fk_reader *r)
{
	return ((const struct fk__reader_fast *)(const void *)r)->lineno;
}
/* Bytes consumed so far, including newlines. */
uint64_t fk_reader_offset(const struct fk_reader *r);
/*
 * After fk_reader_line() returned -1: what went wrong, without the file
 * name ("line longer than N bytes", "cannot read: ..."), and in *line the
 * line it concerns (0 for the input as a whole).  For callers that report
 * it as a problem of one input and go on with the next.
 */
const char *fk_reader_failure(const struct fk_reader *r, unsigned long *line);
/*
 * Report that failure with fk_warn(file, line) as the end of this input
 * ("...; the rest of this input is skipped"), and clear the recorded
 * error so that it does not stick to a later one.
 */
void fk_reader_warn_cut(const struct fk_reader *r);
/*
 * Inputs reported cut short by fk_reader_warn_cut() in this process so
 * far (any thread): the command's exit status says that an input could
 * not be read to the end even though what was read is written.
 */
uint64_t fk_reader_cut_count(void);
/*
 * Keep a byte order mark as text (before the first line is read): for
 * --compat=perl, whose Perl original keeps it in the first process name.
 */
void fk_reader_keep_bom(struct fk_reader *r);
/* The bytes read but not yet returned as lines (the start of a line too long). */
const char *fk_reader_unread(const struct fk_reader *r, size_t *n);
/* Display name: the file name, or "<stdin>" for "-". */
const char *fk_reader_name(const struct fk_reader *r);

#endif

#ifndef FK_INPUT_DEFINED
#define FK_INPUT_DEFINED
/* An opened input operand: the command opens, the library reads. */
struct fk_input {
	const char *name;   /* as given; "-" for stdin */
	int fd;
	/*
	 * Bytes already read from fd (to tell what kind of input a pipe
	 * holds) that come before the rest of it; owned by whoever read them.
	 * Readers of folded stacks take them first (fk_folded_read()).
	 */
	struct fk_input_prefix ahead;
};

/*
 * A reader of in: its ahead bytes, then the rest of its descriptor.
 * Owned by the caller (fk_reader_free()); the ahead bytes are copied.
 */
struct fk_reader *fk_input_reader(const struct fk_input *in);
#endif
