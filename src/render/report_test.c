#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/folded.h"
#include "render/report.h"
#include "core/test_util.h"

/* A report from folded text, one stack per line. */
static struct fk_report *
report_of(const char *text)
{
	struct fk_report *r = fk_report_new();
	char *copy = strdup(text), *save = NULL;
	for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		size_t slen;
		struct fk_num c[2];
		const char *why;
		int rounded;
		int n = fk_folded_parse(line, strlen(line), 0, &slen, c, &rounded, &why);
		cr_assert(n > 0, "bad test line '%s'", line);
		cr_assert_eq(fk_report_add(r, line, slen, c, n), 0, "%s", fk_error_msg());
	}
	free(copy);
	return r;
}

static char *
write_report(struct fk_report *r, enum fk_report_format fmt, size_t top)
{
	struct fk_report_opts o;
	fk_report_opts_init(&o);
	o.format = fmt;
	o.top = top;
	char *buf;
	size_t len;
	int rc;
	TEST_CAPTURE(buf, len, rc = fk_report_write(r, test_out, &o));
	cr_assert_eq(rc, 0);
	(void)len;
	return buf;
}

Test(report, exact_markdown_for_a_small_profile)
{
	struct fk_report *r = report_of("main;a;x 6\nmain;b 3\nmain 1\n");
	char *md = write_report(r, FK_REPORT_MARKDOWN, 2);
	cr_assert_str_eq(md,
	    "## Flame graph report\n"
	    "\n"
	    "Total: 10 samples in 3 stacks, 4 functions.\n"
	    "\n"
	    "### Top 2 functions by self samples\n"
	    "\n"
	    "| # | function | self | share |\n"
	    "|--:|:--|--:|--:|\n"
	    "| 1 | `x` | 6 | 60.00% |\n"
	    "| 2 | `b` | 3 | 30.00% |\n"
	    "|  | (1 other function) | 1 | 10.00% |\n"
	    "\n"
	    "### Top 2 functions by total samples\n"
	    "\n"
	    "| # | function | total | share |\n"
	    "|--:|:--|--:|--:|\n"
	    "| 1 | `main` | 10 | 100.00% |\n"
	    "| 2 | `a` | 6 | 60.00% |\n");
	free(md);
	fk_report_free(r);
}

Test(report, recursion_counts_once_per_stack)
{
	struct fk_report *r = report_of("f;g;f;g 4\nf 1\n");
	const struct fk_report_row *rows;
	fk_report_grown(r, 0, &rows);   /* builds the rows */
	size_t n = 2;
	for (size_t i = 0; i < n; i++) {
		if (rows[i].len == 1 && rows[i].name[0] == 'f') {
			cr_assert_float_eq(rows[i].total[0], 5, 1e-9);
			cr_assert_float_eq(rows[i].self[0], 1, 1e-9);
		} else {
			cr_assert_float_eq(rows[i].total[0], 4, 1e-9);
			cr_assert_float_eq(rows[i].self[0], 4, 1e-9);
		}
	}
	fk_report_free(r);
}

Test(report, self_shares_add_up_to_100)
{
	struct fk_report *r = report_of("a;b 1.5\na;c 2.25\nd;e;f 7\nd 0.25\nz 3\n");
	cr_assert_float_eq(fk_report_total(r, 0), 14, 1e-9);
	const struct fk_report_row *rows;
	fk_report_grown(r, 0, &rows);
	double sum = 0;
	for (size_t i = 0; i < 7; i++)
		sum += rows[i].self_share[0];
	cr_assert_float_eq(sum, 100, 1e-9);
	/* The text report keeps the decimals. */
	char *txt = write_report(r, FK_REPORT_TEXT, 3);
	cr_assert(strstr(txt, "Total: 14 samples in 5 stacks, 7 functions.\n"), "%s", txt);
	cr_assert(strstr(txt, "2.25  16.07%  c\n"), "%s", txt);
	cr_assert(strstr(txt, "(2 other functions: 1.75 samples, 12.50%)\n"), "%s", txt);
	free(txt);
	fk_report_free(r);
}

Test(report, differential_sorted_by_largest_change)
{
	/* before 10, after 20: b's share grows 10 -> 50 pp, a's shrinks. */
	struct fk_report *r = report_of("m;a 9 10\nm;b 1 10\n");
	cr_assert_eq(fk_report_ncols(r), 2);
	char *md = write_report(r, FK_REPORT_MARKDOWN, 20);
	cr_assert(strstr(md, "Total: before 10 samples, after 20 samples, change +10 (+100.00%); "
	    "2 stacks, 3 functions.\n"), "%s", md);
	cr_assert(strstr(md,
	    "| # | function | before | after | change | before share | after share | change (pp) |\n"
	    "|--:|:--|--:|--:|--:|--:|--:|--:|\n"
	    "| 1 | `b` | 1 | 10 | +9 | 10.00% | 50.00% | +40.00 |\n"
	    "| 2 | `a` | 9 | 10 | +1 | 90.00% | 50.00% | -40.00 |\n"
	    "| 3 | `m` | 10 | 20 | +10 | 100.00% | 100.00% | 0.00 |\n"), "%s", md);
	/* The self table leaves out m, which ends no stack. */
	cr_assert(strstr(md, "| 2 | `a` | 9 | 10 | +1 | 90.00% | 50.00% | -40.00 |\n") != NULL);
	cr_assert(strstr(strstr(md, "self share"), "`m`") == NULL, "%s", md);
	free(md);
	fk_report_free(r);
}

Test(report, gate_lists_growth_above_the_threshold)
{
	struct fk_report *r = report_of("m;a 50 50\nm;b 45 30\nm;c 5 20\n");
	const struct fk_report_row *rows;
	size_t k = fk_report_grown(r, 10, &rows);
	cr_assert_eq(k, 1);
	cr_assert_eq(rows[0].len, 1);
	cr_assert_eq(rows[0].name[0], 'c');
	cr_assert_float_eq(rows[0].total_share[1] - rows[0].total_share[0], 15, 1e-9);
	cr_assert_eq(fk_report_grown(r, 15, &rows), 0);
	cr_assert_eq(fk_report_grown(r, 14.99, &rows), 1);
	fk_report_free(r);
}

Test(report, markdown_escapes_names)
{
	struct fk_report *r = report_of("a|b 1\nx`y 1\n");
	char *md = write_report(r, FK_REPORT_MARKDOWN, 20);
	cr_assert(strstr(md, "| `a\\|b` |"), "%s", md);
	cr_assert(strstr(md, "| `` x`y `` |"), "%s", md);
	free(md);
	fk_report_free(r);
}

Test(report, mixed_columns_and_empty_are_errors)
{
	struct fk_report *r = report_of("a 1\n");
	struct fk_num c[2] = {{1, 0}, {2, 0}};
	cr_assert_eq(fk_report_add(r, "b", 1, c, 2), -1);
	fk_error_clear();
	fk_report_free(r);
	r = fk_report_new();
	struct fk_report_opts o;
	fk_report_opts_init(&o);
	FILE *f = fopen("/dev/null", "w");
	cr_assert_eq(fk_report_write(r, f, &o), -1);
	fk_error_clear();
	fclose(f);
	fk_report_free(r);
}

/* Issue 25: counts are printed as exact sums, never rounded through a double. */
Test(report, counts_are_exact_sums)
{
	/* 2^53 + 1 has no double. */
	struct fk_report *r = report_of("m;a 9007199254740992\nm;b 1\n");
	char *txt = write_report(r, FK_REPORT_TEXT, 20);
	cr_assert(strstr(txt, "Total: 9,007,199,254,740,993 samples"), "%s", txt);
	cr_assert(strstr(txt, "9,007,199,254,740,993  100.00%  m\n"), "%s", txt);
	free(txt);
	fk_report_free(r);

	/* Every decimal place is kept, not two. */
	r = report_of("m;a 0.123456789\nm;b 1000.5\nm;c 0.000000001\n");
	char *md = write_report(r, FK_REPORT_MARKDOWN, 1);
	cr_assert(strstr(md, "Total: 1,000.623456790 samples") == NULL, "%s", md);
	cr_assert(strstr(md, "Total: 1,000.62345679 samples"), "%s", md);
	cr_assert(strstr(md, "| 1 | `b` | 1,000.5 |"), "%s", md);
	cr_assert(strstr(md, "| (2 other functions) | 0.12345679 |"), "%s", md);
	free(md);
	fk_report_free(r);

	/* Differential: the change is exact too. */
	r = report_of("m;a 0.1 0.30000000000000004\n");
	txt = write_report(r, FK_REPORT_TEXT, 20);
	cr_assert(strstr(txt, "Total: before 0.1 samples, after 0.3 samples, change +0.2"), "%s", txt);
	free(txt);
	fk_report_free(r);
}
