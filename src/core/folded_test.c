#include <criterion/criterion.h>

#include "core/error.h"
#include "core/folded.h"
#include "core/folded_header.h"
#include "core/test_util.h"

/* Counts rounded by the last fk_folded_parse(). */
static int rd;

Test(folded, parses_trailing_count)
{
	size_t sl;
	struct fk_num c[2];
	const char *why;
	const char *line = "a b;c d 12";
	cr_assert_eq(fk_folded_parse(line, strlen(line), 0, &sl, c, &rd, &why), 1);
	cr_assert_eq(sl, 7);
	cr_assert_eq(c[0].v, 12);
}

Test(folded, parses_two_counts)
{
	size_t sl;
	struct fk_num c[2];
	const char *why;
	const char *line = "a;b 3 4.5";
	cr_assert_eq(fk_folded_parse(line, strlen(line), 0, &sl, c, &rd, &why), 2);
	cr_assert_eq(sl, 3);
	cr_assert_eq(c[0].v, 3);
	cr_assert_eq(c[1].v, 45);
	cr_assert_eq(c[1].scale, 1);
	/* With one column expected, the "3" belongs to the stack. */
	cr_assert_eq(fk_folded_parse(line, strlen(line), 1, &sl, c, &rd, &why), 1);
	cr_assert_eq(sl, 5);
}

Test(folded, rejects_bad_lines)
{
	size_t sl;
	struct fk_num c[2];
	const char *why;
	const char *bad[] = { "nocount", "a;b x", "42", "a;b -1", "   " };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		cr_assert_eq(fk_folded_parse(bad[i], strlen(bad[i]), 0, &sl, c, &rd, &why), -1, "%s", bad[i]);
		cr_assert_not_null(why);
	}
	cr_assert_eq(fk_folded_parse("a 1", 3, 2, &sl, c, &rd, &why), -1);
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
		{ "a 1e5", "the count is in exponent form; write it as a plain decimal" },
		{ "a 2.5E-3", "the count is in exponent form; write it as a plain decimal" },
		{ "a 1e+9", "the count is in exponent form; write it as a plain decimal" },
		{ "a 1e", "the last field is not a count" },
		{ "a e5", "the last field is not a count" },
		{ "a 10000000000.1234567891",
		  "the count does not fit in 64 bits with its decimal places "
		  "(9223372036854775807 at most, the decimal point left out)" },
		{ "a nan", "the last field is not a count" },
		{ "a 1..2", "the last field is not a count" },
		{ "a -", "the last field is not a count" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		cr_assert_eq(fk_folded_parse(cases[i].line, strlen(cases[i].line), 0, &sl, c, &rd, &why), -1,
		    "%s", cases[i].line);
		cr_assert_str_eq(why, cases[i].why, "%s", cases[i].line);
	}
	/* Trailing zeros are not places: this one is kept, at scale 1. */
	cr_assert_eq(fk_folded_parse("a 0.1000000000000", 17, 0, &sl, c, &rd, &why), 1);
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
	struct fk_folded_stats st = { 0 };
	warnings = 0;
	fk_warn_set_handler(count_warn, NULL);
	cr_assert_eq(fk_folded_read(&in, 1, &ncols, collect, &sum, &st), 0);
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
	cr_assert_eq(fk_folded_parse(s, strlen(s), 0, &sl, c, &rd, &why), -1);
	cr_assert_not_null(strstr(why, "carriage return"));
	cr_assert_eq(fk_folded_parse("a\rb;c 3", 7, 1, &sl, c, &rd, &why), -1);
}

/*
 * Issue 25: one rule for every stage, the Perl tools' "^(.*)\s+?(COUNT)$":
 * exactly one white-space character separates a count, so a frame may end
 * in blanks.
 */
Test(folded, splits_counts_as_the_perl_tools_do)
{
	size_t sl;
	struct fk_num c[2];
	const char *why;
	static const struct { const char *line; int want, n; size_t sl; } cases[] = {
		{ "a;[unknown] 5", 0, 1, 11 },
		{ "a;[unknown]  5", 0, 1, 12 },     /* the leaf is "[unknown] " */
		{ "a;b\t5", 0, 1, 3 },
		{ "a;b \t5", 0, 1, 4 },
		{ "a;b 5  ", 0, 1, 3 },             /* blanks after the count are ignored */
		{ "a;b  5 6", 0, 2, 4 },            /* "a;b " 5 6 */
		{ "a;b 5  6", 0, 1, 6 },            /* two blanks: "5 " is part of the stack */
		{ "a;b 5\t6", 0, 2, 3 },
		{ "a;b  5 6", 1, 1, 6 },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *l = cases[i].line;
		cr_assert_eq(fk_folded_parse(l, strlen(l), cases[i].want, &sl, c, &rd, &why),
		    cases[i].n, "%s", l);
		cr_assert_eq(sl, cases[i].sl, "'%s': stack length %zu", l, sl);
	}
	cr_assert_eq(fk_folded_parse("a;b 5  6", 8, 2, &sl, c, &rd, &why), -1);
}

/* Issue 25: more than nine places are rounded and counted, not refused. */
Test(folded, rounds_long_decimals_and_says_so)
{
	size_t sl;
	struct fk_num c[2];
	const char *why;
	const char *l = "a 0.1 0.30000000000000004";
	cr_assert_eq(fk_folded_parse(l, strlen(l), 0, &sl, c, &rd, &why), 2);
	cr_assert_eq(rd, 1);
	cr_assert_eq(c[1].v, 3);
	cr_assert_eq(c[1].scale, 1);
	l = "a 14.2343983248722834234";
	cr_assert_eq(fk_folded_parse(l, strlen(l), 0, &sl, c, &rd, &why), 1);
	cr_assert_eq(rd, 1);
	cr_assert_eq(c[0].v, 14234398325);
	cr_assert_eq(c[0].scale, 9);
	cr_assert_eq(fk_folded_parse("a 1.5", 5, 0, &sl, c, &rd, &why), 1);
	cr_assert_eq(rd, 0);
}

static char stacks_seen[256];

static int
collect_text(void *ctx, char *stack, size_t len, const struct fk_num *counts, int ncols)
{
	(void)ctx;
	(void)counts;
	(void)ncols;
	strncat(stacks_seen, stack, len);
	strcat(stacks_seen, "|");
	return 0;
}

static char warn_text[512];

static void
keep_warn(void *ctx, const char *file, unsigned long line, const char *msg)
{
	(void)ctx;
	(void)line;
	warnings++;
	snprintf(warn_text + strlen(warn_text), sizeof(warn_text) - strlen(warn_text),
	    "%s:%s|", file ? file : "-", msg);
}

/*
 * Issue 25: "#" first on a line makes a comment, skipped without a
 * warning; the leading ones, of each input, are the header.
 */
Test(folded, comments_are_skipped_and_the_leading_ones_kept)
{
	const char *a = "# unit: nanoseconds\n\n#x 5\nmain;#b 1\n  # not a comment 2\n"
	    "# later\nmain;c 0.30000000000000004\nmain;d 0.10000000000000001\n";
	const char *b = "# unit: nanoseconds\n# from b\nmain 1\n";
	int fa = test_fd_with(a, strlen(a)), fb = test_fd_with(b, strlen(b));
	struct fk_input in[2] = { { .name = "a", .fd = fa }, { .name = "b", .fd = fb } };
	struct fk_folded_stats st = { 0 };
	st.header = fk_folded_header_new();
	int ncols = 0;
	stacks_seen[0] = warn_text[0] = '\0';
	warnings = 0;
	fk_warn_set_handler(keep_warn, NULL);
	cr_assert_eq(fk_folded_read(in, 2, &ncols, collect_text, NULL, &st), 0);
	fk_warn_set_handler(NULL, NULL);
	cr_assert_str_eq(stacks_seen, "main;#b|  # not a comment|main;c|main;d|main|");
	cr_assert_eq(st.lines, 5);
	cr_assert_eq(st.bad_lines, 0);
	cr_assert_eq(st.comments, 5);
	cr_assert_eq(st.rounded, 2);
	/* One warning for the input with rounded counts, naming it; none as a bad line. */
	cr_assert_eq(warnings, 1, "%s", warn_text);
	cr_assert_str_eq(warn_text,
	    "-:a: 2 counts with more than 9 decimal places rounded (half to even) to 9|");
	size_t n;
	const char *h = fk_folded_header_text(st.header, &n);
	cr_assert_eq(n, strlen("# unit: nanoseconds\n#x 5\n# from b\n"));
	cr_assert_eq(memcmp(h, "# unit: nanoseconds\n#x 5\n# from b\n", n), 0, "%.*s", (int)n, h);
	fk_folded_header_free(st.header);
	close(fa);
	close(fb);
}

/* Issue 26: the "# unit:" line of the header names the unit of the counts. */
static void
read_units(const char *a, const char *b, struct fk_folded_stats *st)
{
	int fa = test_fd_with(a, strlen(a)), fb = test_fd_with(b, strlen(b));
	struct fk_input in[2] = { { .name = "a", .fd = fa }, { .name = "b", .fd = fb } };
	int ncols = 0;
	memset(st, 0, sizeof(*st));
	stacks_seen[0] = warn_text[0] = '\0';
	warnings = 0;
	fk_warn_set_handler(keep_warn, NULL);
	cr_assert_eq(fk_folded_read(in, 2, &ncols, collect_text, NULL, st), 0);
	fk_warn_set_handler(NULL, NULL);
	close(fa);
	close(fb);
}

Test(folded, reads_the_unit_of_the_header)
{
	struct fk_folded_stats st;
	read_units("# sample-type: cpu\n# unit:  nanoseconds \nmain 1\n",
	    "# unit: nanoseconds\nmain 2\n", &st);
	cr_assert_eq(warnings, 0, "%s", warn_text);
	cr_assert_eq(st.unit.kind, FK_UNIT_TIME);
	cr_assert_str_eq(st.unit.name, "nanoseconds");
	cr_assert_eq(st.unit_mixed, 0);
	/* An empty input has no counts to disagree; a unit line after a stack is no header. */
	read_units("# unit: bytes\n", "main 1\n# unit: bytes\n", &st);
	cr_assert_eq(warnings, 0, "%s", warn_text);
	cr_assert_eq(st.unit.kind, FK_UNIT_NONE);
	/* A value that is no unit is a comment like any other. */
	read_units("# unit: two words\nmain 1\n", "main 1\n", &st);
	cr_assert_eq(warnings, 0, "%s", warn_text);
	cr_assert_eq(st.unit.kind, FK_UNIT_NONE);
}

Test(folded, warns_when_inputs_have_different_units)
{
	struct fk_folded_stats st;
	read_units("# unit: nanoseconds\nmain 1\n", "# unit: bytes\nmain 2\n", &st);
	cr_assert_eq(st.unit_mixed, 1);
	cr_assert_eq(warnings, 1, "%s", warn_text);
	cr_assert_str_eq(warn_text, "-:'a' counts nanoseconds, 'b' counts bytes: their counts "
	    "are taken as they are, as plain counts|");
	/* No unit is samples: mixing them with time is mixing too. */
	read_units("main 1\n", "# unit: goroutines\nmain 2\n", &st);
	cr_assert_eq(st.unit_mixed, 1);
	cr_assert_str_eq(warn_text, "-:'a' counts samples, 'b' counts goroutines: their counts "
	    "are taken as they are, as plain counts|");
	/* Two units in one header. */
	read_units("# unit: bytes\n# unit: seconds\nmain 1\n", "", &st);
	cr_assert_eq(st.unit_mixed, 1);
	cr_assert_eq(warnings, 1, "%s", warn_text);
}
