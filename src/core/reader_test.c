#include <criterion/criterion.h>

#include "core/reader.h"
#include "core/test_util.h"

static struct fk_reader *
reader_on(const char *data, size_t n, int *fd)
{
	*fd = test_fd_with(data, n);
	return fk_reader_new(*fd, "test");
}

Test(reader, splits_lines_and_strips_crlf)
{
	int fd;
	struct fk_reader *r = reader_on("a\r\nbb\n\nccc", 10, &fd);
	char *l;
	size_t n;
	cr_assert_eq(fk_reader_line(r, &l, &n), 1);
	cr_assert_eq(n, 1);
	cr_assert_str_eq(l, "a");
	cr_assert_eq(fk_reader_line(r, &l, &n), 1);
	cr_assert_str_eq(l, "bb");
	cr_assert_eq(fk_reader_line(r, &l, &n), 1);
	cr_assert_eq(n, 0);
	cr_assert_eq(fk_reader_line(r, &l, &n), 1, "last line without newline");
	cr_assert_str_eq(l, "ccc");
	cr_assert_eq(fk_reader_lineno(r), 4);
	cr_assert_eq(fk_reader_line(r, &l, &n), 0);
	cr_assert_eq(fk_reader_offset(r), 10);
	fk_reader_free(r);
	close(fd);
}

Test(reader, keeps_nul_bytes)
{
	int fd;
	struct fk_reader *r = reader_on("a\0b\nx\n", 6, &fd);
	char *l;
	size_t n;
	cr_assert_eq(fk_reader_line(r, &l, &n), 1);
	cr_assert_eq(n, 3);
	cr_assert_eq(memcmp(l, "a\0b", 3), 0);
	cr_assert_eq(fk_reader_line(r, &l, &n), 1);
	cr_assert_str_eq(l, "x");
	fk_reader_free(r);
	close(fd);
}

Test(reader, handles_a_10mb_line)
{
	size_t big = 10u << 20;
	char *data = malloc(big + 8);
	memset(data, 'x', big);
	memcpy(data + big, "\nshort\n", 7);
	int fd;
	struct fk_reader *r = reader_on(data, big + 7, &fd);
	char *l;
	size_t n;
	cr_assert_eq(fk_reader_line(r, &l, &n), 1);
	cr_assert_eq(n, big);
	cr_assert_eq(l[0], 'x');
	cr_assert_eq(l[big - 1], 'x');
	cr_assert_eq(fk_reader_line(r, &l, &n), 1);
	cr_assert_str_eq(l, "short");
	cr_assert_eq(fk_reader_line(r, &l, &n), 0);
	fk_reader_free(r);
	close(fd);
	free(data);
}

Test(reader, many_lines_cross_buffer_refills)
{
	/* 3 MB of numbered lines: every line must come back intact and in order. */
	size_t cap = 4u << 20, len = 0;
	char *data = malloc(cap);
	for (int i = 0; i < 300000; i++)
		len += (size_t)sprintf(data + len, "line %d\n", i);
	int fd;
	struct fk_reader *r = reader_on(data, len, &fd);
	char *l;
	size_t n;
	char want[32];
	for (int i = 0; i < 300000; i++) {
		cr_assert_eq(fk_reader_line(r, &l, &n), 1);
		sprintf(want, "line %d", i);
		cr_assert_str_eq(l, want);
	}
	cr_assert_eq(fk_reader_line(r, &l, &n), 0);
	fk_reader_free(r);
	close(fd);
	free(data);
}

Test(reader, range_reads_only_its_bytes)
{
	int fd = test_fd_with("aa\nbb\ncc\n", 9);
	struct fk_reader *r = fk_reader_new_range(fd, "t", 3, 6);
	char *l;
	size_t n;
	cr_assert_eq(fk_reader_line(r, &l, &n), 1);
	cr_assert_str_eq(l, "bb");
	cr_assert_eq(fk_reader_line(r, &l, &n), 0);
	fk_reader_free(r);
	close(fd);
}

Test(reader, range_moves_to_another_range)
{
	int fd = test_fd_with("aa\nbb\ncc\ndd\n", 12);
	struct fk_reader *r = fk_reader_new_range(fd, "t", 6, 12);
	char *l;
	size_t n;
	cr_assert_eq(fk_reader_line(r, &l, &n), 1);
	cr_assert_str_eq(l, "cc");
	/* Moved before the end: what was read ahead of the old range is dropped. */
	fk_reader_set_range(r, 0, 6);
	cr_assert_eq(fk_reader_lineno(r), 0);
	cr_assert_eq(fk_reader_offset(r), 0);
	cr_assert_eq(fk_reader_line(r, &l, &n), 1);
	cr_assert_str_eq(l, "aa");
	cr_assert_eq(fk_reader_line(r, &l, &n), 1);
	cr_assert_str_eq(l, "bb");
	cr_assert_eq(fk_reader_line(r, &l, &n), 0);
	cr_assert_eq(fk_reader_lineno(r), 2);
	cr_assert_eq(fk_reader_offset(r), 6);
	/* And after the end of a range, to the next one. */
	fk_reader_set_range(r, 9, 12);
	cr_assert_eq(fk_reader_line(r, &l, &n), 1);
	cr_assert_str_eq(l, "dd");
	cr_assert_eq(fk_reader_line(r, &l, &n), 0);
	fk_reader_free(r);
	close(fd);
}

Test(reader, stdin_is_named)
{
	struct fk_reader *r = fk_reader_new(0, "-");
	cr_assert_str_eq(fk_reader_name(r), "<stdin>");
	fk_reader_free(r);
}

Test(reader, empty_input)
{
	int fd;
	struct fk_reader *r = reader_on("", 0, &fd);
	char *l;
	size_t n;
	cr_assert_eq(fk_reader_line(r, &l, &n), 0);
	fk_reader_free(r);
	close(fd);
}

Test(reader, prefixed_returns_prefix_then_descriptor)
{
	/* The prefix ends in the middle of a line that the descriptor finishes. */
	int fd = test_fd_with("of one\nlast", 11);
	struct fk_reader *r = fk_reader_new_prefixed(fd, "-", "first\nmiddle ", 13);
	char *l;
	size_t n;
	cr_assert_str_eq(fk_reader_name(r), "<stdin>");
	cr_assert_eq(fk_reader_line(r, &l, &n), 1);
	cr_assert_str_eq(l, "first");
	cr_assert_eq(fk_reader_line(r, &l, &n), 1);
	cr_assert_str_eq(l, "middle of one");
	cr_assert_eq(fk_reader_line(r, &l, &n), 1);
	cr_assert_str_eq(l, "last");
	cr_assert_eq(fk_reader_line(r, &l, &n), 0);
	cr_assert_eq(fk_reader_offset(r), 24);
	fk_reader_free(r);
	close(fd);
}

Test(reader, prefixed_larger_than_the_initial_buffer)
{
	size_t big = 3u << 20;
	char *data = malloc(big);
	memset(data, 'y', big);
	data[big - 1] = '\n';
	int fd = test_fd_with("z\n", 2);
	struct fk_reader *r = fk_reader_new_prefixed(fd, "t", data, big);
	char *l;
	size_t n;
	cr_assert_eq(fk_reader_line(r, &l, &n), 1);
	cr_assert_eq(n, big - 1);
	cr_assert_eq(fk_reader_line(r, &l, &n), 1);
	cr_assert_str_eq(l, "z");
	cr_assert_eq(fk_reader_line(r, &l, &n), 0);
	fk_reader_free(r);
	close(fd);
	free(data);
}

/* A UTF-8 byte order mark before the first line is not text; later ones are. */
Test(reader, drops_a_leading_byte_order_mark)
{
	static const char data[] = "\xef\xbb\xbf" "a;b 1\n\xef\xbb\xbf" "c 2\n";
	const size_t len = sizeof(data) - 1;
	char *l;
	size_t n;
	for (int way = 0; way < 4; way++) {
		int fd = test_fd_with(data, len);
		struct fk_reader *r =
		    way == 0 ? fk_reader_new(fd, "test") :
		    way == 1 ? fk_reader_new_prefixed(fd, "test", NULL, 0) :
		    way == 2 ? fk_reader_new_range(fd, "test", 0, len) :
		    (lseek(fd, 6, SEEK_SET), fk_reader_new_prefixed(fd, "test", data, 6));
		cr_assert_eq(fk_reader_line(r, &l, &n), 1, "way %d", way);
		cr_assert_str_eq(l, "a;b 1", "way %d", way);
		cr_assert_eq(fk_reader_line(r, &l, &n), 1, "way %d", way);
		cr_assert_eq(n, 6, "way %d", way);
		cr_assert_eq(memcmp(l, "\xef\xbb\xbf" "c 2", 6), 0, "way %d", way);
		cr_assert_eq(fk_reader_line(r, &l, &n), 0, "way %d", way);
		cr_assert_eq(fk_reader_offset(r), len, "way %d", way);
		fk_reader_free(r);
		close(fd);
	}
	/* A range that starts inside the file starts at a line, not at a mark. */
	int fd = test_fd_with(data, len);
	struct fk_reader *r = fk_reader_new_range(fd, "test", 9, len);
	cr_assert_eq(fk_reader_line(r, &l, &n), 1);
	cr_assert_eq(n, 6);
	fk_reader_free(r);
	close(fd);
}

/* The limit is reported with its line, and in English for every value. */
Test(reader, a_line_over_the_limit_says_how_long_and_where)
{
	const unsigned long long limits[] = {1, 2, 5};
	for (size_t i = 0; i < sizeof(limits) / sizeof(limits[0]); i++) {
		int fd;
		struct fk_reader *r = reader_on("a\nlonger\n", 9, &fd);
		fk_reader_set_max_line(r, limits[i]);
		char *l;
		size_t n;
		cr_assert_eq(fk_reader_line(r, &l, &n), 1);
		cr_assert_eq(fk_reader_line(r, &l, &n), -1);
		unsigned long at;
		char want[64];
		snprintf(want, sizeof(want), "line longer than %llu %s", limits[i],
		    limits[i] == 1 ? "byte" : "bytes");
		cr_assert_str_eq(fk_reader_failure(r, &at), want);
		cr_assert_eq(at, 2);
		fk_reader_free(r);
		close(fd);
	}
}
