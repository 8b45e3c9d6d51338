#include <criterion/criterion.h>

#include "core/error.h"
#include "core/folded.h"
#include "core/test_util.h"

Test(folded, parses_trailing_count)
{
	size_t sl;
	struct fk_num c[2];
	const char *why;
	const char *line = "a b;c d 12";
	cr_assert_eq(fk_folded_parse(line, strlen(line), 0, &sl, c, &why), 1);
	cr_assert_eq(sl, 7);
	cr_assert_eq(c[0].v, 12);
}

Test(folded, parses_two_counts)
{
	size_t sl;
	struct fk_num c[2];
	const char *why;
	const char *line = "a;b 3 4.5";
	cr_assert_eq(fk_folded_parse(line, strlen(line), 0, &sl, c, &why), 2);
	cr_assert_eq(sl, 3);
	cr_assert_eq(c[0].v, 3);
	cr_assert_eq(c[1].v, 45);
	cr_assert_eq(c[1].scale, 1);
	/* With one column expected, the "3" belongs to the stack. */
	cr_assert_eq(fk_folded_parse(line, strlen(line), 1, &sl, c, &why), 1);
	cr_assert_eq(sl, 5);
}

Test(folded, rejects_bad_lines)
{
	size_t sl;
	struct fk_num c[2];
	const char *why;
	const char *bad[] = { "nocount", "a;b x", "42", "a;b -1", "   " };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		cr_assert_eq(fk_folded_parse(bad[i], strlen(bad[i]), 0, &sl, c, &why), -1, "%s", bad[i]);
		cr_assert_not_null(why);
	}
	cr_assert_eq(fk_folded_parse("a 1", 3, 2, &sl, c, &why), -1);
}

/* A refused count says what is wrong with it. */
Test(folded, says_why_a_count_is_refused)
{
	size_t sl;
	struct fk_num c[2];
	const char *why;
	static const struct { const char *line, *why; } cases[] = {
		{ "a 18446744073709551615", "the count is larger than 9223372036854775807" },
		{ "a 9223372036854775808", "the count is larger than 9223372036854775807" },
		{ "a 99999999999999999999.000", "the count is larger than 9223372036854775807" },
		{ "a -3", "the count is negative" },
		{ "a -3.5", "the count is negative" },
		{ "a +3", "the count has a sign" },
		{ "a -0", "the count has a sign" },
		{ "a 0.1234567891", "the count has more than 9 decimal places" },
		{ "a 1e5", "the last field is not a count" },
		{ "a nan", "the last field is not a count" },
		{ "a 1..2", "the last field is not a count" },
		{ "a -", "the last field is not a count" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		cr_assert_eq(fk_folded_parse(cases[i].line, strlen(cases[i].line), 0, &sl, c, &why), -1,
		    "%s", cases[i].line);
		cr_assert_str_eq(why, cases[i].why, "%s", cases[i].line);
	}
	/* Trailing zeros are not places: this one is kept, at scale 1. */
	cr_assert_eq(fk_folded_parse("a 0.1000000000000", 17, 0, &sl, c, &why), 1);
	cr_assert_eq(c[0].v, 1);
	cr_assert_eq(c[0].scale, 1);
}

Test(folded, frames_iterate)
{
	const char *s = "a;bb;;c";
	size_t pos = 0, n;
	const char *f;
	const char *want[] = { "a", "bb", "", "c" };
	int k = 0;
	while (fk_folded_next_frame(s, strlen(s), &pos, &f, &n)) {
		cr_assert_lt(k, 4);
		cr_assert_eq(n, strlen(want[k]));
		cr_assert_eq(memcmp(f, want[k], n), 0);
		k++;
	}
	cr_assert_eq(k, 4);
}

static int
collect(void *ctx, char *stack, size_t len, const struct fk_num *counts, int ncols)
{
	(void)ncols;
	int64_t *sum = ctx;
	*sum += counts[0].v;
	cr_assert_eq(stack[len], '\0');
	return 0;
}

static unsigned warnings;
static unsigned long last_line;

static void
count_warn(void *ctx, const char *file, unsigned long line, const char *msg)
{
	(void)ctx;
	(void)file;
	(void)msg;
	warnings++;
	last_line = line;
}

Test(folded, read_skips_bad_lines_with_line_numbers)
{
	const char *data = "a;b 1\n\ngarbage\nc 2\n";
	int fd = test_fd_with(data, strlen(data));
	struct fk_input in = { .name = "mem", .fd = fd };
	int ncols = 0;
	int64_t sum = 0;
	struct fk_folded_stats st = { 0, 0, 0 };
	warnings = 0;
	fk_warn_set_handler(count_warn, NULL);
	cr_assert_eq(fk_folded_read(&in, 1, &ncols, 0, collect, &sum, &st), 0);
	cr_assert_eq(sum, 3);
	cr_assert_eq(ncols, 1);
	cr_assert_eq(st.lines, 2);
	cr_assert_eq(st.bad_lines, 1);
	cr_assert_eq(warnings, 1);
	cr_assert_eq(last_line, 3);
	fk_warn_set_handler(NULL, NULL);
	close(fd);
}

/* Hostile input (issue 9): CR-only line endings read as one line, which is refused. */
Test(folded, rejects_carriage_return_inside_a_line)
{
	size_t sl;
	struct fk_num c[2];
	const char *why = NULL;
	const char *s = "a 1\rb 2";
	cr_assert_eq(fk_folded_parse(s, strlen(s), 0, &sl, c, &why), -1);
	cr_assert_not_null(strstr(why, "carriage return"));
	cr_assert_eq(fk_folded_parse("a\rb;c 3", 7, 1, &sl, c, &why), -1);
}
