#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collapse/pprof.h"
#include "core/error.h"
#include "core/folded.h"
#include "core/protobuf.h"
#include "core/stack_table.h"
#include "render/layout.h"
#include "render/pprof_out.h"
#include "core/test_util.h"

/* The gzipped profile of folded text; *n its size. */
static char *
profile(const char *text, const char *countname, size_t *n)
{
	struct fk_stacks st;
	struct fk_layout l;
	char *out;
	int rc;
	test_export_layout(text, &st, &l);
	TEST_CAPTURE(out, *n, rc = fk_pprof_out_write(test_out, &l, countname, NULL));
	cr_assert_eq(rc, 0, "%s", fk_error_msg());
	fk_layout_release(&l);
	fk_stacks_release(&st);
	return out;
}

/* The profile read back by flame-collapse's reader, as sorted folded lines. */
static char *
read_back(const char *data, size_t n, struct fk_pprof_stats *stats)
{
	struct fk_pprof_opts opt = { 0 };
	struct fk_stack_table *t = fk_stack_table_new(1);
	char *out = NULL;
	size_t len;
	memset(stats, 0, sizeof(*stats));
	cr_assert_eq(fk_pprof_collapse(&opt, "out.pb.gz", data, n, t, stats), 0, "%s",
	    fk_error_msg());
	TEST_CAPTURE(out, len, fk_stack_table_write(t, test_out, 1));
	(void)len;
	fk_stack_table_free(t);
	return out;
}

Test(pprof_out, integer_counts_read_back_exactly)
{
	const char *in = "main;a 3\nmain;b 1\nmain;b;c 2\nmain;b;main 4\nmain;inl_[i];x 9\n";
	size_t n;
	char *p = profile(in, "samples", &n);
	cr_assert(n > 2 && (unsigned char)p[0] == 0x1f && (unsigned char)p[1] == 0x8b);
	struct fk_pprof_stats st;
	char *back = read_back(p, n, &st);
	cr_assert_str_eq(back, in);
	cr_assert_str_eq(st.sample_type, "samples");
	cr_assert_str_eq(st.unit, "count");
	free(back);
	free(p);
}

Test(pprof_out, decimal_counts_are_scaled_and_say_so)
{
	size_t n;
	char *p = profile("a 0.5\na;b 1.25\n", "cpu", &n);
	struct fk_pprof_stats st;
	/* The reader undoes the scale its unit "count*1e-2" names: the counts come back. */
	char *back = read_back(p, n, &st);
	cr_assert_str_eq(back, "a 0.5\na;b 1.25\n");
	cr_assert_str_eq(st.sample_type, "cpu");
	cr_assert_str_eq(st.unit, "count");
	free(back);

	/* The comment and the period, from the raw message. */
	unsigned char *raw;
	size_t rawn;
	cr_assert_eq(fk_pprof_inflate("p", p, n, 1 << 20, &raw, &rawn), 0);
	struct fk_pb b = { raw, raw + rawn, raw, 0 }, sub;
	uint32_t f;
	int wt;
	uint64_t v;
	int64_t period = 0, comment = -1, nstr = 0;
	char *comment_text = NULL;
	while (fk_pb_field(&b, &f, &wt, &v, &sub) > 0) {
		if (f == 12)
			period = (int64_t)v;
		else if (f == 13)
			comment = (int64_t)v;
		else if (f == 6 && nstr++ == comment)
			comment_text = strndup((const char *)sub.p, (size_t)(sub.end - sub.p));
	}
	cr_assert(!b.err);
	cr_assert_eq(period, 100);
	cr_assert_not_null(comment_text);
	cr_assert(strstr(comment_text, "count times 10^2"), "%s", comment_text);
	free(comment_text);
	free(raw);
	free(p);
}

Test(pprof_out, every_location_has_one_line_and_samples_are_leaf_first)
{
	size_t n;
	char *p = profile("r;m;l 7\n", "samples", &n);
	unsigned char *raw;
	size_t rawn;
	cr_assert_eq(fk_pprof_inflate("p", p, n, 1 << 20, &raw, &rawn), 0);
	struct fk_pb b = { raw, raw + rawn, raw, 0 }, sub, s2;
	uint32_t f, f2;
	int wt, wt2;
	uint64_t v, v2;
	int nsamples = 0, nlocs = 0, nfuncs = 0;
	while (fk_pb_field(&b, &f, &wt, &v, &sub) > 0) {
		if (f == 2) {
			nsamples++;
			while (fk_pb_field(&sub, &f2, &wt2, &v2, &s2) > 0) {
				if (f2 == 1) {
					/* Names are numbered root first: r 1, m 2, l 3. */
					cr_assert_eq(fk_pb_varint(&s2), 3);
					cr_assert_eq(fk_pb_varint(&s2), 2);
					cr_assert_eq(fk_pb_varint(&s2), 1);
					cr_assert(s2.p == s2.end);
				} else if (f2 == 2) {
					cr_assert_eq(fk_pb_varint(&s2), 7);
				}
			}
		} else if (f == 4) {
			int lines = 0;
			nlocs++;
			while (fk_pb_field(&sub, &f2, &wt2, &v2, &s2) > 0)
				lines += f2 == 4;
			cr_assert_eq(lines, 1);
		} else if (f == 5) {
			nfuncs++;
		}
	}
	cr_assert_eq(nsamples, 1);
	cr_assert_eq(nlocs, 3);
	cr_assert_eq(nfuncs, 3);
	free(raw);
	free(p);
}

Test(pprof_out, the_same_input_gives_the_same_bytes)
{
	size_t n1, n2;
	char *a = profile("x;y 1\nz 2\n", "samples", &n1);
	char *b = profile("z 2\nx;y 1\n", "samples", &n2);
	cr_assert_eq(n1, n2);
	cr_assert_eq(memcmp(a, b, n1), 0);
	free(a);
	free(b);
}
