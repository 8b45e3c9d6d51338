#include "reader.h"
#include "error.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define READER_INITIAL (1u << 20)
#define READER_CHUNK   (256u << 10)

struct fk_reader {
	int fd;
	int eof;
	char *buf;
	size_t cap;      /* usable bytes; one more is allocated for a NUL */
	size_t start;    /* first unconsumed byte */
	size_t end;      /* one past the last byte read */
	size_t scan;     /* no newline in [start, scan) */
	unsigned long lineno;
	uint64_t offset;
	char *name;
	int ranged;         /* read [pos, limit) with pread */
	uint64_t pos, limit;
};

struct fk_reader *
fk_reader_new(int fd, const char *name)
{
	struct fk_reader *r = fk_xcalloc(1, sizeof(*r));
	r->fd = fd;
	r->cap = READER_INITIAL;
	r->buf = fk_xmalloc(r->cap + 1);
	r->name = fk_xstrdup(!name || strcmp(name, "-") == 0 ? "<stdin>" : name);
	return r;
}

struct fk_reader *
fk_reader_new_prefixed(int fd, const char *name, const void *prefix, size_t n)
{
	struct fk_reader *r = fk_reader_new(fd, name);
	if (n > r->cap - READER_CHUNK) {
		while (n > r->cap - READER_CHUNK)
			r->cap *= 2;
		r->buf = fk_xrealloc(r->buf, r->cap + 1);
	}
	if (n)
		memcpy(r->buf, prefix, n);
	r->end = n;
	return r;
}

struct fk_reader *
fk_reader_new_range(int fd, const char *name, uint64_t start, uint64_t end)
{
	struct fk_reader *r = fk_reader_new(fd, name);
	r->ranged = 1;
	r->pos = start;
	r->limit = end;
	return r;
}

void
fk_reader_free(struct fk_reader *r)
{
	if (!r)
		return;
	free(r->buf);
	free(r->name);
	free(r);
}

/* Make room after end: slide unconsumed bytes down, grow if still full. */
static void
reader_make_room(struct fk_reader *r)
{
	if (r->start > 0) {
		size_t n = r->end - r->start;
		memmove(r->buf, r->buf + r->start, n);
		r->scan -= r->start;
		r->end = n;
		r->start = 0;
	}
	if (r->cap - r->end < READER_CHUNK) {
		r->cap *= 2;
		r->buf = fk_xrealloc(r->buf, r->cap + 1);
	}
}

static int
reader_fill(struct fk_reader *r)
{
	if (r->cap - r->end < READER_CHUNK || r->start > r->cap / 2)
		reader_make_room(r);
	for (;;) {
		ssize_t n;
		if (r->ranged) {
			size_t want = r->cap - r->end;
			if (want > r->limit - r->pos)
				want = (size_t)(r->limit - r->pos);
			n = want ? pread(r->fd, r->buf + r->end, want, (off_t)r->pos) : 0;
			if (n > 0)
				r->pos += (uint64_t)n;
		} else {
			n = read(r->fd, r->buf + r->end, r->cap - r->end);
		}
		if (n > 0) {
			r->end += (size_t)n;
			return 1;
		}
		if (n == 0) {
			r->eof = 1;
			return 0;
		}
		if (errno == EINTR)
			continue;
		return fk_error_errno(errno, "cannot read", r->name);
	}
}

int
fk_reader_line(struct fk_reader *r, char **line, size_t *len)
{
	for (;;) {
		char *nl = NULL;
		if (r->scan < r->end)
			nl = memchr(r->buf + r->scan, '\n', r->end - r->scan);
		if (nl) {
			size_t s = r->start;
			size_t e = (size_t)(nl - r->buf);
			r->start = e + 1;
			r->scan = r->start;
			r->offset += e + 1 - s;
			if (e > s && r->buf[e - 1] == '\r')
				e--;
			r->buf[e] = '\0';
			*line = r->buf + s;
			*len = e - s;
			r->lineno++;
			return 1;
		}
		r->scan = r->end;
		if (r->eof) {
			if (r->start == r->end)
				return 0;
			size_t s = r->start, e = r->end;
			r->offset += e - s;
			r->start = r->scan = r->end;
			if (e > s && r->buf[e - 1] == '\r')
				e--;
			r->buf[e] = '\0';
			*line = r->buf + s;
			*len = e - s;
			r->lineno++;
			return 1;
		}
		if (reader_fill(r) < 0)
			return -1;
	}
}

unsigned long
fk_reader_lineno(const struct fk_reader *r)
{
	return r->lineno;
}

uint64_t
fk_reader_offset(const struct fk_reader *r)
{
	return r->offset;
}

const char *
fk_reader_name(const struct fk_reader *r)
{
	return r->name;
}
