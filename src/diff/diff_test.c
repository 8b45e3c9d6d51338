#include <criterion/criterion.h>

#include "diff/diff.h"
#include "core/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* An input operand whose descriptor reads text (a temporary file). */
static struct fk_input
input_of(const char *name, const char *text)
{
	FILE *f = tmpfile();
	cr_assert(f);
	int fd = dup(fileno(f));
	cr_assert(fd >= 0);
	fclose(f);
	size_t n = strlen(text);
	cr_assert_eq(write(fd, text, n), (ssize_t)n);
	cr_assert_eq(lseek(fd, 0, SEEK_SET), 0);
	struct fk_input in = { .name = name, .fd = fd };
	return in;
}

struct warns {
	int n;
	char last[256];
};
static struct warns warns;

static void
record_warning(void *ctx, const char *file, unsigned long line, const char *msg)
{
	(void)ctx;
	warns.n++;
	snprintf(warns.last, sizeof(warns.last), "%s:%lu: %s", file, line, msg);
}

/* Run fk_diff on two texts; @return the output (caller frees). */
static char *
run(const char *before, const char *after, int normalize, int strip_hex,
    struct fk_diff_stats *st)
{
	struct fk_input a = input_of("before.folded", before);
	struct fk_input b = input_of("after.folded", after);
	struct fk_diff_opts opts = { .normalize = normalize, .strip_hex = strip_hex };
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);

	memset(&warns, 0, sizeof(warns));
	fk_warn_set_handler(record_warning, NULL);
	int rc = fk_diff(&opts, &a, &b, out, st);
	cr_assert_eq(rc, 0, "fk_diff failed: %s", fk_error_msg());
	fclose(out);
	close(a.fd);
	close(b.fd);
	return buf;
}

static void
expect(const char *before, const char *after, int normalize, int strip_hex,
    const char *want)
{
	char *got = run(before, after, normalize, strip_hex, NULL);
	cr_assert_str_eq(got, want);
	free(got);
}

Test(diff, union_with_zero_for_missing_stacks)
{
	expect("a;b 1\nonly_before 2\n", "a;b 5\nonly_after 7\n", 0, 0,
	    "a;b 1 5\nonly_after 0 7\nonly_before 2 0\n");
}

Test(diff, merges_duplicates_and_sorts_bytewise)
{
	expect("b 1\nB 2\na;b 3\nb 4\na b 5\n", "a;b 1\n", 0, 0,
	    "B 2 0\na b 5 0\na;b 3 1\nb 5 0\n");
}

Test(diff, decimal_counts_are_exact)
{
	expect("a 0.1\na 0.2\nb 1.5\n", "a 0.3\nb 3\nc 123456789.123456789\n", 0, 0,
	    "a 0.3 0.3\nb 1.5 3\nc 0 123456789.123456789\n");
}

Test(diff, column_totals_equal_input_totals)
{
	struct fk_diff_stats st;
	char *got = run("x 1\ny 2\nx 3\n", "y 10\nz 0.5\n", 0, 0, &st);
	cr_assert_str_eq(got, "x 4 0\ny 2 10\nz 0 0.5\n");
	cr_assert_eq(st.stacks, 3);
	cr_assert_eq(st.in[0].lines, 3);
	cr_assert_eq(st.in[1].lines, 2);
	cr_assert_eq(st.normalized, 0);
	free(got);
}

Test(diff, two_counts_are_stack_and_count_as_in_difffolded)
{
	expect("a 1 2\n", "a 3\n", 0, 0, "a 0 3\na 1 2 0\n");
}

Test(diff, empty_inputs_give_empty_output)
{
	expect("", "", 0, 0, "");
	expect("", "", 1, 1, "");
	expect("\n  \n", "a 1\n", 1, 0, "a 0 1\n");
}

Test(diff, bad_line_warned_with_file_and_line_then_skipped)
{
	struct fk_diff_stats st;
	char *got = run("a 1\nno count here\nb 2\n", "a 1\n", 0, 0, &st);
	cr_assert_str_eq(got, "a 1 1\nb 2 0\n");
	cr_assert_eq(warns.n, 1);
	cr_assert(strncmp(warns.last, "before.folded:2: ", 17) == 0, "%s", warns.last);
	cr_assert_eq(st.in[0].bad_lines, 1);
	cr_assert_eq(st.in[0].lines, 2);
	free(got);
}

Test(diff, normalize_truncates_like_difffolded)
{
	/* perl: int(3 * 2 / 4) = 1, int(1 * 2 / 4) = 0. */
	expect("a 3\nb 1\n", "a 1\nb 1\nc 1\n", 1, 0, "a 2 1\nb 0 1\nc 0 1\n");
	expect("a 1\nb 2\n", "a 5\nb 5\n", 1, 0, "a 3 5\nb 6 5\n");
}

Test(diff, normalize_with_equal_totals_keeps_counts)
{
	struct fk_diff_stats st;
	char *got = run("a 1.5\nb 0.5\n", "a 1\nb 1\n", 1, 0, &st);
	cr_assert_str_eq(got, "a 1.5 1\nb 0.5 1\n");
	cr_assert_eq(st.normalized, 0);
	free(got);
}

Test(diff, normalize_decimals_uses_perls_floating_totals)
{
	/*
	 * perl sums 0.1 + 0.2 = 0.30000000000000004, so difffolded.pl -n
	 * writes 9 and 19 where exact arithmetic would give 10 and 20.
	 */
	expect("a 0.1\nb 0.2\n", "x 30\n", 1, 0, "a 9 0\nb 19 0\nx 0 30\n");
	expect("a 0.4\nb 0.3\nc 0.1\n", "a 10\nb 0.2\n", 1, 0,
	    "a 5 10\nb 3 0.2\nc 1 0\n");
}

Test(diff, normalize_with_empty_before_leaves_zeros)
{
	expect("", "a 4\n", 1, 0, "a 0 4\n");
	expect("a 0\n", "a 4\nb 1\n", 1, 0, "a 0 4\nb 0 1\n");
}

Test(diff, scale_follows_perl_integer_and_double_paths)
{
	struct fk_diff_total tb = { {7, 0}, 7, 0 };
	struct fk_diff_total ta = { {9007199254740993, 0}, 9007199254740993.0, 0 };
	struct fk_num c = { 3, 0 };
	/* Integer product, inexact division in doubles (checked with perl). */
	cr_assert_eq(fk_diff_scale(c, &tb, &ta), 3860228252031854ULL);

	/* Product beyond 2^64: perl multiplies in doubles. */
	struct fk_diff_total tb2 = { {3, 0}, 3, 0 };
	struct fk_diff_total ta2 = { {5000000000, 0}, 5e9, 0 };
	struct fk_num c2 = { 5000000000, 0 };
	cr_assert_eq(fk_diff_scale(c2, &tb2, &ta2), 8333333333333332992ULL);

	/* Exact integer division stays exact. */
	struct fk_diff_total tb3 = { {1000000007, 0}, 1000000007.0, 0 };
	struct fk_diff_total ta3 = { {987654321098, 0}, 987654321098.0, 0 };
	struct fk_num c3 = { 123456789012, 0 };
	cr_assert_eq(fk_diff_scale(c3, &tb3, &ta3), 121932630283057ULL);
}

Test(diff, strip_hex_replaces_hex_runs)
{
	const char *s = "f 0x1f;0xZ;10xab;0x;0xDEADbeefg;0X12";
	char buf[FK_DIFF_STRIP_HEX_BOUND(64)];
	size_t n = fk_diff_strip_hex(s, strlen(s), buf);
	cr_assert_str_eq(buf, "f 0x...;0xZ;10x...;0x;0x...g;0X12");
	cr_assert_eq(n, strlen(buf));

	/* Worst case growth stays within the bound. */
	const char *w = "0x1;0x2;0x3";
	char wb[FK_DIFF_STRIP_HEX_BOUND(11)];
	cr_assert_eq(fk_diff_strip_hex(w, strlen(w), wb), 17);
	cr_assert_str_eq(wb, "0x...;0x...;0x...");

	/* A hex run ends at the first non-hex byte, as in perl. */
	fk_diff_strip_hex("0x10x10x1", 9, wb);
	cr_assert_str_eq(wb, "0x...x10x...");
}

Test(diff, strip_hex_merges_stacks_before_diffing)
{
	expect("m;0x7f00 1\nm;0x7f08 2\nm;f 0x12 3\n", "m;0xabc 10\n", 0, 1,
	    "m;0x... 3 10\nm;f 0x... 3 0\n");
	expect("m;0x7f00 1\n", "m;0xabc 10\n", 0, 0,
	    "m;0x7f00 1 0\nm;0xabc 0 10\n");
}

Test(diff, same_input_gives_equal_columns)
{
	const char *text = "a;b 3\nc 0.25\na;b 2\nd;0x1 7\n\nbroken\n";
	for (int o = 0; o < 4; o++) {
		char *got = run(text, text, o & 1, o >> 1, NULL);
		char *line = got, *nl;
		int lines = 0;
		while ((nl = strchr(line, '\n'))) {
			*nl = '\0';
			char *c2 = strrchr(line, ' ');
			cr_assert(c2);
			*c2 = '\0';
			char *c1 = strrchr(line, ' ');
			cr_assert(c1);
			cr_assert_str_eq(c1 + 1, c2 + 1, "line %s", line);
			line = nl + 1;
			lines++;
		}
		cr_assert_eq(lines, 3);
		free(got);
	}
}

/* Run fk_diff_runs on nb + na texts; @return the output (caller frees). */
static char *
run_many(const char *const *texts, size_t nb, size_t na, const struct fk_diff_opts *opts)
{
	struct fk_input in[8];
	char *buf = NULL;
	size_t len = 0;
	cr_assert(nb + na <= 8);
	for (size_t i = 0; i < nb + na; i++)
		in[i] = input_of("run.folded", texts[i]);
	FILE *out = open_memstream(&buf, &len);
	int rc = fk_diff_runs(opts, in, nb, na, out, NULL, NULL);
	cr_assert_eq(rc, 0, "fk_diff_runs failed: %s", fk_error_msg());
	fclose(out);
	for (size_t i = 0; i < nb + na; i++)
		close(in[i].fd);
	return buf;
}

Test(diff, runs_write_mean_counts_rounded_to_nine_places)
{
	/* a: (1 + 2 + 2) / 3 = 1.6666...; b only in one run: 1/3; after: 0.5 + 0.5 */
	static const char *const texts[] = { "a 1\n", "a 2\nb 1\n", "a 2\n", "a 1\nc 0.5\n",
		"a 1\nc 0.5\n" };
	char *got = run_many(texts, 3, 2, NULL);
	cr_expect_str_eq(got, "a 1.666666667 1\nb 0.333333333 0\nc 0 0.5\n");
	free(got);
}

Test(diff, runs_mean_of_large_counts_keeps_every_digit_that_fits)
{
	/* (10^17 + 10^17 + 1) / 2 does not fit 9 decimals in 64 bits, but one does. */
	static const char *const texts[] = { "a 100000000000000000\n", "a 100000000000000001\n",
		"a 3\n", "a 4\n" };
	char *got = run_many(texts, 2, 2, NULL);
	cr_expect_str_eq(got, "a 100000000000000000.5 3.5\n");
	free(got);
}

Test(diff, runs_take_the_root_options)
{
	static const char *const texts[] = { "prog;main 4\nprog 2\n", "prog;main 6\n",
		"prog2;main 1\n", "prog2;main 3\n" };
	struct fk_diff_opts o = { .drop_root = 1 };
	char *got = run_many(texts, 2, 2, &o);
	cr_expect_str_eq(got, "; 1 0\nmain 5 2\n");
	free(got);
	o = (struct fk_diff_opts){ .root_name = "app" };
	got = run_many(texts, 2, 2, &o);
	cr_expect_str_eq(got, "app 1 0\napp;main 5 2\n");
	free(got);
}

Test(diff, runs_normalize_scales_by_mean_totals)
{
	/* before mean total 3, after 6: before means double. */
	static const char *const texts[] = { "a 1\nb 1\n", "a 3\nb 1\n", "a 6\n", "a 2\nb 4\n" };
	struct fk_diff_opts o = { .normalize = 1 };
	char *got = run_many(texts, 2, 2, &o);
	cr_expect_str_eq(got, "a 4 4\nb 2 2\n");
	free(got);
}
