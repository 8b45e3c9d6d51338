#include "core/error.h"
#include "filter/trim.h"

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "core/folded.h"
#include "core/stack_table.h"
#include "core/test_util.h"

#define table_from test_table_from

static char *out_text;

/* Trim input with o and return the sorted output (valid until the next call). */
static const char *
trim(const struct fk_trim_opts *o, const char *input)
{
	struct fk_stack_table *in = table_from(input), *res;
	cr_assert_eq(fk_trim_table(o, in, &res), 0, "%s", fk_error_msg());
	size_t n;
	free(out_text);
	FILE *fp = open_memstream(&out_text, &n);
	cr_assert_eq(fk_stack_table_write(res, fp, 1), 0);
	fclose(fp);
	/* Totals are preserved unless something was dropped on purpose. */
	if (!o->drop) {
		for (int c = 0; c < fk_stack_table_ncols(in); c++) {
			int64_t a, b;
			cr_assert_eq(fk_stack_table_total(in, c, &a), 0);
			cr_assert_eq(fk_stack_table_total(res, c, &b), 0);
			if (fk_stack_table_size(res))
				cr_assert_eq(fk_stack_table_scale(res), fk_stack_table_scale(in));
			cr_assert_eq(a, b, "column %d total %lld became %lld", c,
			    (long long)a, (long long)b);
		}
	}
	fk_stack_table_free(in);
	fk_stack_table_free(res);
	return out_text;
}

static void
fini(void)
{
	FK_FREE(out_text);
}

TestSuite(trim, .fini = fini);

static size_t
len_of(size_t (*fn)(const char *, size_t), const char *s)
{
	return fn(s, strlen(s));
}

Test(trim, annotation_suffixes)
{
	cr_assert_eq(len_of(fk_trim_annotation_len, "schedule_[k]"), 4);
	cr_assert_eq(len_of(fk_trim_annotation_len, "Foo.bar_[j]"), 4);
	cr_assert_eq(len_of(fk_trim_annotation_len, "x_[w]"), 4);
	cr_assert_eq(len_of(fk_trim_annotation_len, "_[k]"), 0);      /* nothing left */
	cr_assert_eq(len_of(fk_trim_annotation_len, "a[k]"), 0);
	cr_assert_eq(len_of(fk_trim_annotation_len, "[unknown]"), 0);
	cr_assert_eq(len_of(fk_trim_annotation_len, "arr_[0]"), 0);
	cr_assert_eq(len_of(fk_trim_annotation_len, "x_[toolong]"), 0);
}

Test(trim, offset_suffixes)
{
	cr_assert_eq(len_of(fk_trim_offset_len, "tcp_sendmsg+0x1f"), 11);
	cr_assert_eq(len_of(fk_trim_offset_len, "tcp_sendmsg+0x1f/0x80"), 11);
	cr_assert_eq(len_of(fk_trim_offset_len, "/usr/lib/libc.so.6+0x9a1c4"), 18);
	cr_assert_eq(len_of(fk_trim_offset_len, "+0x10"), 5);         /* nothing left */
	cr_assert_eq(len_of(fk_trim_offset_len, "a+0x"), 4);
	cr_assert_eq(len_of(fk_trim_offset_len, "a+1f"), 4);
	cr_assert_eq(len_of(fk_trim_offset_len, "operator+"), 9);
}

Test(trim, argument_lists_template_aware)
{
	cr_assert_eq(len_of(fk_trim_args_len, "foo(int, char*)"), 3);
	cr_assert_eq(len_of(fk_trim_args_len, "std::vector<int (*)(int)>::push_back(int const&)"),
	    strlen("std::vector<int (*)(int)>::push_back"));
	cr_assert_eq(len_of(fk_trim_args_len, "net/http.(*Client).Do"), strlen("net/http.(*Client).Do"));
	cr_assert_eq(len_of(fk_trim_args_len, "(anonymous namespace)::run(int)"),
	    strlen("(anonymous namespace)::run"));
	cr_assert_eq(len_of(fk_trim_args_len, "f::{lambda(int)#1}::operator()(int) const"),
	    strlen("f::{lambda(int)#1}::operator()"));
	cr_assert_eq(len_of(fk_trim_args_len, "(x)"), 3);            /* nothing left */
	cr_assert_eq(len_of(fk_trim_args_len, "plain"), 5);
}

Test(trim, strips_keep_annotations_unless_asked)
{
	struct fk_trim_opts o = { .strip_offsets = 1, .strip_args = 1 };
	cr_assert_str_eq(trim(&o, "a;tcp_sendmsg+0x1f_[k];foo(int)_[i] 3\n"),
	    "a;tcp_sendmsg_[k];foo_[i] 3\n");
	o.strip_annotations = 1;
	cr_assert_str_eq(trim(&o, "a;tcp_sendmsg+0x1f_[k];foo(int)_[i] 3\n"),
	    "a;tcp_sendmsg;foo 3\n");
	struct fk_trim_opts only = { .strip_annotations = 1 };
	cr_assert_str_eq(trim(&only, "a;f+0x1_[k] 3\nb_[j] 1\n"), "a;f+0x1 3\nb 1\n");
}

Test(trim, stripping_merges_stacks_and_is_idempotent)
{
	struct fk_trim_opts o = { .strip_offsets = 1, .strip_args = 1, .strip_annotations = 1 };
	const char *in =
	    "a;f+0x1 1\n"
	    "a;f+0x2 2\n"
	    "a;f(int) 0.5\n"
	    "a;f_[k] 4\n";
	char *once = strdup(trim(&o, in));
	cr_assert_str_eq(once, "a;f 7.5\n");
	cr_assert_str_eq(trim(&o, once), once);
	free(once);
}

Test(trim, replace_rewrites_frames_in_order)
{
	struct fk_filter_subst *s[2];
	s[0] = fk_filter_subst_new("s/\\$\\$Lambda\\$[0-9]+\\/0x[0-9a-f]+/$$$$Lambda/");
	s[1] = fk_filter_subst_new("s/::h[0-9a-f]{16}$//");
	cr_assert_not_null(s[0], "%s", fk_error_msg());
	cr_assert_not_null(s[1], "%s", fk_error_msg());
	struct fk_trim_opts o = { .replace = s, .nreplace = 2 };
	cr_assert_str_eq(trim(&o,
	    "java;Foo$$Lambda$12/0x00007f1.run 1\n"
	    "java;Foo$$Lambda$13/0x00007f2.run 2\n"
	    "rs;app::main::h0123456789abcdef 3\n"
	    "rs;app::main::h1123456789abcdef 4\n"),
	    "java;Foo$$Lambda.run 3\n"
	    "rs;app::main 7\n");
	fk_filter_subst_free(s[0]);
	fk_filter_subst_free(s[1]);
}

Test(trim, replace_never_splits_a_frame)
{
	struct fk_filter_subst *s = fk_filter_subst_new("s/x/;/");
	struct fk_trim_opts o = { .replace = &s, .nreplace = 1 };
	cr_assert_str_eq(trim(&o, "axb;c 1\n"), "a:b;c 1\n");
	fk_filter_subst_free(s);
}

Test(trim, replace_to_nothing_removes_the_frame)
{
	struct fk_filter_subst *s = fk_filter_subst_new("s/^std::.*//");
	struct fk_trim_opts o = { .replace = &s, .nreplace = 1 };
	cr_assert_str_eq(trim(&o, "main;std::sort;cmp 2\nmain;std::swap 1\n"),
	    "main 1\nmain;cmp 2\n");
	fk_filter_subst_free(s);
}

Test(trim, collapse_direct_recursion)
{
	struct fk_trim_opts o = { .recursion = FK_TRIM_RECURSION_DIRECT };
	cr_assert_str_eq(trim(&o, "main;f;f;f;g;f 1\nmain;f;g 2\nf;f 3\n"),
	    "f 3\nmain;f;g 2\nmain;f;g;f 1\n");
}

Test(trim, collapse_all_recursion)
{
	struct fk_trim_opts o = { .recursion = FK_TRIM_RECURSION_ALL };
	cr_assert_str_eq(trim(&o, "main;f;g;f;h;g;i 1\nmain;f;f 2\n"),
	    "main;f 2\nmain;f;g;h;i 1\n");
}

Test(trim, collapse_recursion_is_idempotent)
{
	const char *in = "a;a;b;a;b;b;c 1\nx;y;x;y 2.5\n";
	for (int m = FK_TRIM_RECURSION_DIRECT; m <= FK_TRIM_RECURSION_ALL; m++) {
		struct fk_trim_opts o = { .recursion = (enum fk_trim_recursion)m };
		char *once = strdup(trim(&o, in));
		cr_assert_str_eq(trim(&o, once), once);
		free(once);
	}
}

Test(trim, max_depth_folds_deeper_frames_into_the_last_kept)
{
	struct fk_trim_opts o = { .max_depth = 2 };
	cr_assert_str_eq(trim(&o, "a;b;c;d 1\na;b;e 2\na;b 4\na 8\nz;y;x 16\n"),
	    "a 8\na;b 7\nz;y 16\n");
	o.max_depth = 1;
	cr_assert_str_eq(trim(&o, "a;b;c;d 1 2\na 8 0\n"), "a 9 2\n");
}

static const char tree[] =
    "a;b;c 60\n"
    "a;b;d 5\n"
    "a;b 10\n"
    "a;e 4\n"
    "a;e;f 1\n"
    "z 20\n";   /* total 100 */

Test(trim, min_percent_moves_weight_to_the_parent)
{
	struct fk_trim_opts o = { .min_kind = FK_TRIM_MIN_FRACTION, .min = { 6, 2 } };
	cr_assert_str_eq(trim(&o, tree),
	    "a 5\n"
	    "a;b 15\n"
	    "a;b;c 60\n"
	    "z 20\n");
}

Test(trim, min_threshold_is_inclusive_and_exact)
{
	/* 5% of 100 is 5: a;b;d (5) and a;e (5) stay. */
	struct fk_trim_opts o = { .min_kind = FK_TRIM_MIN_FRACTION, .min = { 5, 2 } };
	cr_assert_str_eq(trim(&o, tree),
	    "a;b 10\n"
	    "a;b;c 60\n"
	    "a;b;d 5\n"
	    "a;e 5\n"
	    "z 20\n");
	struct fk_trim_opts c = { .min_kind = FK_TRIM_MIN_COUNT, .min = { 5, 0 } };
	char *frac = strdup(trim(&o, tree));
	cr_assert_str_eq(trim(&c, tree), frac);
	free(frac);
}

Test(trim, min_drop_discards_the_weight)
{
	struct fk_trim_opts o = { .min_kind = FK_TRIM_MIN_COUNT, .min = { 6, 0 }, .drop = 1 };
	cr_assert_str_eq(trim(&o, tree),
	    "a;b 10\n"
	    "a;b;c 60\n"
	    "z 20\n");
}

Test(trim, small_roots_fold_into_other)
{
	struct fk_trim_opts o = { .min_kind = FK_TRIM_MIN_COUNT, .min = { 21, 0 } };
	cr_assert_str_eq(trim(&o, tree),
	    "[other] 20\n"
	    "a 5\n"
	    "a;b 15\n"
	    "a;b;c 60\n");
}

Test(trim, min_count_on_decimals_and_two_columns)
{
	struct fk_trim_opts o = { .min_kind = FK_TRIM_MIN_COUNT, .min = { 15, 1 } };
	/* Keep a node when either column reaches 1.5. */
	cr_assert_str_eq(trim(&o, "a;b 1 0\na;c 0 2\na;d 0.5 0.25\n"),
	    "a 1.5 0.25\na;c 0 2\n");
	struct fk_trim_opts f = { .min_kind = FK_TRIM_MIN_FRACTION, .min = { 1, 1 } };
	/* 10% of the after column (2.25) is 0.225; a;d's 0.25 stays. */
	cr_assert_str_eq(trim(&f, "a;b 1 0\na;c 0 2\na;d 0.5 0.25\n"),
	    "a;b 1 0\na;c 0 2\na;d 0.5 0.25\n");
}

Test(trim, max_stacks_folds_the_rest_under_kept_ancestors)
{
	struct fk_trim_opts o = { .max_stacks = 2 };
	cr_assert_str_eq(trim(&o, tree),
	    "a;[other] 5\n"
	    "a;b;[other] 15\n"
	    "a;b;c 60\n"
	    "z 20\n");
	o.max_stacks = 6;   /* as many as there are: nothing changes */
	cr_assert_str_eq(trim(&o, tree),
	    "a;b 10\na;b;c 60\na;b;d 5\na;e 4\na;e;f 1\nz 20\n");
	o.max_stacks = 1;
	cr_assert_str_eq(trim(&o, "x 1 5\ny 2 3\nz;w 0.5 0\n"),
	    "[other] 2.5 3\nx 1 5\n");
}

Test(trim, operations_compose_in_documented_order)
{
	/* Strip, collapse, then depth: f+0x1;f+0x2 collapses to f before the cut. */
	struct fk_trim_opts o = { .strip_offsets = 1, .recursion = FK_TRIM_RECURSION_DIRECT,
	    .max_depth = 2 };
	cr_assert_str_eq(trim(&o, "m;f+0x1;f+0x2;g;h 3\n"), "m;f 3\n");
}

Test(trim, empty_input)
{
	struct fk_trim_opts o = { .max_stacks = 1, .min_kind = FK_TRIM_MIN_COUNT, .min = { 1, 0 } };
	cr_assert_str_eq(trim(&o, ""), "");
}

Test(trim, root_drop_and_rename)
{
	char *buf = NULL;
	size_t cap = 0, n;
	n = fk_trim_root("prog;main;f", 11, 1, NULL, &buf, &cap);
	cr_expect_str_eq(buf, "main;f");
	cr_expect_eq(n, 6);
	/* A stack of the root alone keeps its weight on the stack without frames. */
	n = fk_trim_root("prog", 4, 1, NULL, &buf, &cap);
	cr_expect_str_eq(buf, ";");
	n = fk_trim_root(";", 1, 1, NULL, &buf, &cap);
	cr_expect_str_eq(buf, ";");
	n = fk_trim_root("prog2;main", 10, 0, "app", &buf, &cap);
	cr_expect_str_eq(buf, "app;main");
	cr_expect_eq(n, 8);
	n = fk_trim_root("prog2", 5, 0, "app", &buf, &cap);
	cr_expect_str_eq(buf, "app");
	n = fk_trim_root("x;y", 3, 0, NULL, &buf, &cap);
	cr_expect_str_eq(buf, "x;y");
	free(buf);
}

Test(trim, root_options_merge_stacks_and_keep_totals)
{
	struct fk_trim_opts o = { .drop_root = 1 };
	cr_expect_str_eq(trim(&o, "prog;main;a 5\nprog2;main;a 3\nprog 1\n"),
	    "; 1\nmain;a 8\n");
	o = (struct fk_trim_opts){ .rename_root = "app", .max_depth = 2 };
	cr_expect_str_eq(trim(&o, "prog;main;a 5\nprog2;main;b 3\n"), "app;main 8\n");
}
