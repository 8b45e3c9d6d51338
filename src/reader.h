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
 * Next line.  On success *line points at the text, owned by the reader and
 * valid until the next call; it is NUL-terminated at *len and may be
 * modified in place up to *len bytes.
 * @return 1 for a line, 0 at end of input, -1 on a read error (recorded).
 */
int fk_reader_line(struct fk_reader *r, char **line, size_t *len);

/* Number of the line last returned (1-based). */
unsigned long fk_reader_lineno(const struct fk_reader *r);
/* Bytes consumed so far, including newlines. */
uint64_t fk_reader_offset(const struct fk_reader *r);
/* Display name: the file name, or "<stdin>" for "-". */
const char *fk_reader_name(const struct fk_reader *r);

#endif

#ifndef FK_INPUT_DEFINED
#define FK_INPUT_DEFINED
/* An opened input operand: the command opens, the library reads. */
struct fk_input {
	const char *name;   /* as given; "-" for stdin */
	int fd;
};
#endif
