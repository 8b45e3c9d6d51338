/*
 * test_util.h -- helpers shared by the criterion unit tests (not part of the library).
 */
#ifndef FK_TEST_UTIL_H
#define FK_TEST_UTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>

/* A descriptor reading the given bytes (a temporary file, already unlinked). */
static inline int
test_fd_with(const void *data, size_t n)
{
	FILE *f = tmpfile();
	if (!f)
		abort();
	if (n && fwrite(data, 1, n, f) != n)
		abort();
	fflush(f);
	int fd = dup(fileno(f));
	fclose(f);
	lseek(fd, 0, SEEK_SET);
	return fd;
}

/* text gzipped into out[0, cap) as one member.  @return its length. */
static inline size_t
test_gzip(const char *text, unsigned char *out, size_t cap)
{
	z_stream z;
	memset(&z, 0, sizeof(z));
	if (deflateInit2(&z, 6, Z_DEFLATED, 16 + 15, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		abort();
	z.next_in = (unsigned char *)text;
	z.avail_in = (uInt)strlen(text);
	z.next_out = out;
	z.avail_out = (uInt)cap;
	if (deflate(&z, Z_FINISH) != Z_STREAM_END)
		abort();
	size_t n = cap - z.avail_out;
	deflateEnd(&z);
	return n;
}

/* Run fn writing to a memory stream and return what it wrote (caller frees). */
#define TEST_CAPTURE(out_ptr, out_len, stmt) do {                   \
	char *buf__ = NULL; size_t len__ = 0;                        \
	FILE *test_out = open_memstream(&buf__, &len__);             \
	stmt;                                                        \
	fclose(test_out);                                            \
	(out_ptr) = buf__; (out_len) = len__;                        \
} while (0)

#ifdef FK_FOLDED_H
#ifdef FK_STACK_TABLE_H
/*
 * A stack table built from folded text, one stack per line (criterion
 * tests only: a bad line fails the test).  The caller frees it.
 */
static inline struct fk_stack_table *
test_table_from(const char *text)
{
	struct fk_stack_table *t = NULL;
	const char *p = text;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		struct fk_num c[2];
		size_t sl;
		const char *why;
		int rounded;
		int n = fk_folded_parse(p, len, 0, &sl, c, &rounded, &why);
		cr_assert_gt(n, 0, "bad test line: %.*s", (int)len, p);
		if (!t)
			t = fk_stack_table_new(n);
		cr_assert_eq(fk_stack_table_add(t, p, sl, c), 0);
		p += len + (nl ? 1 : 0);
	}
	return t ? t : fk_stack_table_new(1);
}
#endif
#endif

#ifdef FK_LAYOUT_H
#ifdef FK_FOLDED_H
/*
 * A layout of folded text as flame-graph's export formats take it: sorted,
 * every frame kept (criterion tests only: a bad line fails the test).
 * Release both with fk_layout_release() and fk_stacks_release().
 */
static inline void
test_export_layout(const char *text, struct fk_stacks *st, struct fk_layout *l)
{
	struct fk_layout_opts lo;
	fk_layout_opts_init(&lo);
	lo.min_width = 0;
	fk_stacks_init(st, &lo);
	const char *p = text;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		struct fk_num c[2];
		size_t sl;
		const char *why;
		int rounded;
		int n = fk_folded_parse(p, len, st->ncols, &sl, c, &rounded, &why);
		cr_assert_gt(n, 0, "bad test line: %.*s", (int)len, p);
		st->ncols = n;
		cr_assert_eq(fk_stacks_add(st, p, sl, c), 0);
		p += len + (nl ? 1 : 0);
	}
	cr_assert_eq(fk_layout_build_stacks(l, &lo, st), 0);
}
#endif
#endif

#endif
