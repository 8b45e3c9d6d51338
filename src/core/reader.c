#include "core/reader.h"
#include "core/bigmem.h"
#include "core/decomp.h"
#include "core/error.h"
#include "core/util.h"

#include <assert.h>
#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/*
 * Small inputs stay cheap; the buffer grows to READER_LARGE on big ones,
 * and is then a big block (bigmem.h), used whole: read(2) fills it without
 * a page fault every 4 KiB.
 */
#define READER_INITIAL (64u << 10)
#define READER_CHUNK   (16u << 10)
#define READER_LARGE   (1u << 20)

struct fk_reader {
	struct fk__reader_fast fast;   /* first: read by the inline fast path */
	int fd;
	int eof;
	size_t cap;      /* usable bytes; one more is allocated for a NUL */
	char *name;
	int ranged;         /* read [pos, limit) with pread */
	uint64_t pos, limit;
	uint64_t max_line;
	int bom;            /* the first line may start with a byte order mark */
	int keep_bom;       /* fk_reader_keep_bom() was called */
	int sniffed;        /* the compression magic was checked */
	struct fk_decomp *dec;   /* compressed input: read through this */
	char why[96];       /* what the last failure was, without file and line */
	unsigned long why_line;
};

static uint64_t default_max_line = FK_READER_MAX_LINE;

void
fk_reader_set_default_max_line(uint64_t bytes)
{
	default_max_line = bytes ? bytes : FK_READER_MAX_LINE;
}

void
fk_reader_set_max_line(struct fk_reader *r, uint64_t bytes)
{
	r->max_line = bytes ? bytes : FK_READER_MAX_LINE;
}

/* Give the buffer room for at least cap bytes (and a NUL), keeping what it holds. */
static void
reader_resize(struct fk_reader *r, size_t cap)
{
	size_t bytes = fk_bigmem_usable(cap + 1);
	char *buf = fk_bigmem_alloc(bytes);
	memcpy(buf, r->fast.buf, r->fast.end);
	fk_bigmem_free(r->fast.buf, r->cap + 1);
	r->fast.buf = buf;
	r->cap = bytes - 1;
}

struct fk_reader *
fk_reader_new(int fd, const char *name)
{
	struct fk_reader *r = fk_xcalloc(1, sizeof(*r));
	r->fd = fd;
	r->cap = READER_INITIAL;
	r->fast.buf = fk_bigmem_alloc(r->cap + 1);
	r->name = fk_xstrdup(fk_display_name(name));
	r->max_line = default_max_line;
	r->bom = 1;
	return r;
}

struct fk_reader *
fk_reader_new_prefixed(int fd, const char *name, const void *prefix, size_t n)
{
	struct fk_reader *r = fk_reader_new(fd, name);
	if (n > r->cap - READER_CHUNK) {
		size_t cap = r->cap;
		while (n > cap - READER_CHUNK)
			cap *= 2;
		reader_resize(r, cap);
	}
	if (n)
		memcpy(r->fast.buf, prefix, n);
	r->fast.end = n;
	/*
	 * Compressed: decided now, before the inline fast path could return
	 * lines of it.  Too few bytes to tell hold no newline, so the check
	 * can wait for the first fill then.
	 */
	if (!fk_decomp_undecided(r->fast.buf, n)) {
		r->sniffed = 1;
		enum fk_decomp_kind k = fk_decomp_detect(r->fast.buf, n);
		if (k != FK_DECOMP_NONE) {
			r->dec = fk_decomp_new(k, fd, name, r->fast.buf, n);
			r->fast.end = 0;
			return r;
		}
	}
	/* The fast path may return the first line: drop the mark now. */
	size_t b = fk_bom_len(r->fast.buf, n);
	r->fast.start = r->fast.scan = b;
	r->fast.offset = b;
	r->bom = n == 0;
	return r;
}

struct fk_reader *
fk_input_reader(const struct fk_input *in)
{
	if (in->ahead.len == 0)
		return fk_reader_new(in->fd, in->name);
	return fk_reader_new_prefixed(in->fd, in->name, in->ahead.data, in->ahead.len);
}

struct fk_reader *
fk_reader_new_range(int fd, const char *name, uint64_t start, uint64_t end)
{
	struct fk_reader *r = fk_reader_new(fd, name);
	r->ranged = 1;
	r->sniffed = 1;   /* a byte range of a file is read as it is */
	r->pos = start;
	r->limit = end;
	r->bom = start == 0;
	return r;
}

void
fk_reader_set_range(struct fk_reader *r, uint64_t start, uint64_t end)
{
	assert(r->ranged);
	r->pos = start;
	r->limit = end;
	r->eof = 0;
	r->bom = start == 0 && !r->keep_bom;
	r->fast.start = r->fast.scan = r->fast.end = 0;
	r->fast.lineno = 0;
	r->fast.offset = 0;
	r->why[0] = '\0';
	r->why_line = 0;
}

void
fk_reader_free(struct fk_reader *r)
{
	if (!r)
		return;
	fk_decomp_free(r->dec);
	fk_bigmem_free(r->fast.buf, r->cap + 1);
	free(r->name);
	free(r);
}

/* Make room after end: slide unconsumed bytes down, grow if still full. */
static void
reader_make_room(struct fk_reader *r)
{
	if (r->fast.start > 0) {
		size_t n = r->fast.end - r->fast.start;
		memmove(r->fast.buf, r->fast.buf + r->fast.start, n);
		r->fast.scan -= r->fast.start;
		r->fast.end = n;
		r->fast.start = 0;
	}
	if (r->cap - r->fast.end < READER_CHUNK || (r->cap < READER_LARGE && r->fast.offset > 4 * (uint64_t)r->cap)) {
		reader_resize(r, r->cap * 2);
	}
}

/*
 * Bytes to ask for: never hold more than max_line + 1 unconsumed bytes: a
 * newline found in the buffer then always ends a line within the limit,
 * and a lower limit than the buffer holds is kept exactly.  (The caller
 * has checked that fewer than that are held, so at least one byte is
 * asked for.)
 */
static size_t
reader_want(const struct fk_reader *r)
{
	size_t want = r->cap - r->fast.end;
	uint64_t room = (uint64_t)r->fast.start + r->max_line + 1 - r->fast.end;
	return want > room ? (size_t)room : want;
}

/* read(2) or pread(2) into the buffer's free space: as read(2), the failure recorded. */
static ssize_t
reader_read_raw(struct fk_reader *r, size_t want)
{
	for (;;) {
		ssize_t n;
		if (r->ranged) {
			size_t w = want;
			if (w > r->limit - r->pos)
				w = (size_t)(r->limit - r->pos);
			n = w ? pread(r->fd, r->fast.buf + r->fast.end, w, (off_t)r->pos) : 0;
			if (n > 0)
				r->pos += (uint64_t)n;
		} else {
			n = read(r->fd, r->fast.buf + r->fast.end, want);
		}
		if (n >= 0)
			return n;
		if (errno == EINTR)
			continue;
		snprintf(r->why, sizeof(r->why), "cannot read: %s", strerror(errno));
		r->why_line = 0;
		return fk_error_errno(errno, "cannot read", r->name);
	}
}

/*
 * Once per input, before its first bytes are returned: read until the
 * gzip or xz magic can be told (only while the bytes could still be one),
 * and switch to decompressing when it is there.
 * @return 1 when plain bytes were added, 0 at the end of the input, 2 when
 * the fill is to go on as usual, -1 on a read error (recorded).
 */
static int
reader_sniff(struct fk_reader *r)
{
	int added = 0;
	r->sniffed = 1;
	while (!r->eof && fk_decomp_undecided(r->fast.buf + r->fast.start,
	    r->fast.end - r->fast.start)) {
		size_t want = reader_want(r);
		if (want == 0)
			break;
		ssize_t n = reader_read_raw(r, want);
		if (n < 0)
			return -1;
		if (n == 0)
			r->eof = 1;
		r->fast.end += (size_t)n;
		added |= n > 0;
	}
	size_t have = r->fast.end - r->fast.start;
	enum fk_decomp_kind k = fk_decomp_detect(r->fast.buf + r->fast.start, have);
	if (k == FK_DECOMP_NONE)
		return added ? 1 : r->eof ? 0 : 2;
	r->dec = fk_decomp_new(k, r->eof ? -1 : r->fd, r->name, r->fast.buf + r->fast.start, have);
	r->fast.end = r->fast.scan = r->fast.start;
	r->eof = 0;
	r->bom = !r->keep_bom;
	return 2;
}

static int
reader_fill(struct fk_reader *r)
{
	if (r->cap - r->fast.end < READER_CHUNK || r->fast.start > r->cap / 2)
		reader_make_room(r);
	if (!r->sniffed) {
		int k = reader_sniff(r);
		if (k != 2)
			return k;
	}
	size_t want = reader_want(r);
	ssize_t n;
	if (r->dec) {
		n = fk_decomp_read(r->dec, r->fast.buf + r->fast.end, want);
		if (n < 0) {
			snprintf(r->why, sizeof(r->why), "%s", fk_decomp_failure(r->dec));
			r->why_line = 0;
			return -1;
		}
	} else {
		n = reader_read_raw(r, want);
		if (n < 0)
			return -1;
	}
	if (n == 0) {
		r->eof = 1;
		return 0;
	}
	r->fast.end += (size_t)n;
	return 1;
}

/*
 * The first line of an input arrives here (the buffer starts empty): a
 * byte order mark before it is dropped.
 */
static void
drop_bom(struct fk_reader *r, char **line, size_t *len)
{
	if (!r->bom)
		return;
	r->bom = 0;
	size_t b = fk_bom_len(*line, *len);
	*line += b;
	*len -= b;
}

int
fk__reader_line_slow(struct fk_reader *r, char **line, size_t *len)
{
	for (;;) {
		char *nl = NULL;
		if (r->fast.scan < r->fast.end)
			nl = memchr(r->fast.buf + r->fast.scan, '\n', r->fast.end - r->fast.scan);
		if (nl) {
			size_t s = r->fast.start;
			size_t e = (size_t)(nl - r->fast.buf);
			r->fast.start = e + 1;
			r->fast.scan = r->fast.start;
			r->fast.offset += e + 1 - s;
			if (e > s && r->fast.buf[e - 1] == '\r')
				e--;
			r->fast.buf[e] = '\0';
			*line = r->fast.buf + s;
			*len = e - s;
			r->fast.lineno++;
			drop_bom(r, line, len);
			return 1;
		}
		r->fast.scan = r->fast.end;
		if (r->fast.end - r->fast.start > r->max_line) {
			snprintf(r->why, sizeof(r->why), "line longer than %llu byte%s",
			    (unsigned long long)r->max_line, r->max_line == 1 ? "" : "s");
			r->why_line = r->fast.lineno + 1;
			return fk_error("%s:%lu: %s", r->name, r->why_line, r->why);
		}
		if (r->eof) {
			if (r->fast.start == r->fast.end)
				return 0;
			size_t s = r->fast.start, e = r->fast.end;
			r->fast.offset += e - s;
			r->fast.start = r->fast.scan = r->fast.end;
			if (e > s && r->fast.buf[e - 1] == '\r')
				e--;
			r->fast.buf[e] = '\0';
			*line = r->fast.buf + s;
			*len = e - s;
			r->fast.lineno++;
			drop_bom(r, line, len);
			return 1;
		}
		if (reader_fill(r) < 0)
			return -1;
	}
}

uint64_t
fk_reader_offset(const struct fk_reader *r)
{
	return r->fast.offset;
}

const char *
fk_reader_failure(const struct fk_reader *r, unsigned long *line)
{
	*line = r->why_line;
	return r->why[0] ? r->why : "cannot read";
}

static atomic_ullong cut_count;

uint64_t
fk_reader_cut_count(void)
{
	return atomic_load(&cut_count);
}

void
fk_reader_warn_cut(const struct fk_reader *r)
{
	unsigned long at;
	atomic_fetch_add(&cut_count, 1);
	const char *why = fk_reader_failure(r, &at);
	fk_warn(r->name, at, "%s; the rest of this input is skipped", why);
	fk_error_clear();
}

void
fk_reader_keep_bom(struct fk_reader *r)
{
	r->bom = 0;
	r->keep_bom = 1;
	/* A prefixed reader dropped it already; nothing was returned yet, so it can come back. */
	if (r->fast.lineno == 0 && r->fast.start == 3 && r->fast.offset == 3 &&
	    fk_bom_len(r->fast.buf, r->fast.end) == 3)
		r->fast.start = r->fast.scan = 0, r->fast.offset = 0;
}

const char *
fk_reader_unread(const struct fk_reader *r, size_t *n)
{
	*n = r->fast.end - r->fast.start;
	return r->fast.buf + r->fast.start;
}

const char *
fk_reader_name(const struct fk_reader *r)
{
	return r->name;
}
