#include "core/error.h"
#include "filter/trim.h"

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "core/folded.h"
#include "core/spill.h"
#include "core/stack_table.h"
#include "core/test_util.h"
#include "filter/trim_stream.h"

#define table_from test_table_from

static char *out_text;

/* The bytewise result of a spill as fk_trim_run() writes it (caller frees). */
static char *
spill_text(struct fk_spill *s)
{
	char *text;
	size_t n;
	TEST_CAPTURE(text, n, cr_assert_eq(fk_spill_write(s, test_out, NULL), 0, "%s",
	    fk_error_msg()));
	(void)n;
	return text;
}

/* The stacks of t in a finished spill in frame order, within budget (0: none). */
static struct fk_spill *
spill_from(struct fk_stack_table *t, size_t budget)
{
	int ncols = fk_stack_table_ncols(t), scale = fk_stack_table_scale(t);
	struct fk_spill *s = fk_spill_new_ordered(ncols, budget, FK_SPILL_FRAMES);
	size_t n;
	struct fk_stack_entry *const *list = fk_stack_table_entries(t, &n);
	for (size_t i = 0; i < n; i++) {
		struct fk_num c[2] = { { list[i]->counts[0], scale }, { list[i]->counts[1], scale } };
		cr_assert_eq(fk_spill_add(s, list[i]->key, list[i]->len, c), 0, "%s", fk_error_msg());
	}
	cr_assert_eq(fk_spill_finish(s), 0, "%s", fk_error_msg());
	return s;
}

/*
 * The tree-wide steps of o on in, walked from a spill (trim_stream.h):
 * the text, and in *runs the runs the result spilled (caller frees).
 */
static char *
trim_streamed(const struct fk_trim_opts *o, struct fk_stack_table *in, size_t budget,
    size_t *runs)
{
	struct fk_spill *s = spill_from(in, budget), *res;
	cr_assert_eq(fk_trim_stream(o, s, fk_stack_table_ncols(in), budget, &res), 0, "%s",
	    fk_error_msg());
	if (runs)
		*runs = fk_spill_runs(res);
	char *text = spill_text(res);
	fk_spill_free(res);
	return text;
}

/* Does o ask for the tree-wide steps only (what fk_trim_stream() does)? */
static int
tree_steps_only(const struct fk_trim_opts *o)
{
	struct fk_trim_opts x = *o;
	x.min_kind = FK_TRIM_MIN_NONE;
	x.min = (struct fk_num){ 0, 0 };
	x.drop = 0;
	x.max_stacks = 0;
	return memcmp(&x, &(struct fk_trim_opts){ 0 }, sizeof(x)) == 0;
}

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
	/* The walk from a spill gives the same, byte for byte. */
	if (tree_steps_only(o)) {
		char *walked = trim_streamed(o, in, 0, NULL);
		cr_assert_str_eq(walked, out_text, "walked from a spill:\n%s\nin memory:\n%s",
		    walked, out_text);
		free(walked);
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

/* Random folded text: n stacks over frame names that share prefixes and hold bytes below ';'. */
static char *
random_stacks(unsigned seed, size_t n, int ncols, int decimals)
{
	static const char *const names[] = { "a", "a1", "a+0x1", "a b", "b", "[other]", "c!",
	    "c", "d.x", "f(int)" };
	static const int counts[] = { 0, 1, 1, 1, 2, 3, 5, 10, 100 };
	uint64_t x = seed * 0x9e3779b97f4a7c15ULL + 1;
	char *text = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&text, &len);

#define RND(m) ((x = x * 6364136223846793005ULL + 1442695040888963407ULL), (int)((x >> 33) % (m)))
	for (size_t i = 0; i < n; i++) {
		int depth = 1 + RND(6);
		for (int d = 0; d < depth; d++) {
			fputs(d ? ";" : "", fp);
			fputs(names[RND(sizeof(names) / sizeof(*names))], fp);
			if (RND(4) == 0)
				fprintf(fp, "%d", RND(20));
		}
		for (int c = 0; c < ncols; c++) {
			if (decimals && RND(8) == 0) {
				int whole = RND(5);
				fprintf(fp, " %d.%02d", whole, RND(100));
			} else
				fprintf(fp, " %d", counts[RND(9)]);
		}
		fputc('\n', fp);
	}
#undef RND
	fclose(fp);
	return text;
}

static const struct fk_trim_opts tree_opts[] = {
	{ .min_kind = FK_TRIM_MIN_COUNT, .min = { 3, 0 } },
	{ .min_kind = FK_TRIM_MIN_COUNT, .min = { 25, 1 } },
	{ .min_kind = FK_TRIM_MIN_COUNT, .min = { 10, 0 }, .drop = 1 },
	{ .min_kind = FK_TRIM_MIN_FRACTION, .min = { 2, 2 } },
	{ .min_kind = FK_TRIM_MIN_FRACTION, .min = { 5, 3 }, .drop = 1 },
	{ .min_kind = FK_TRIM_MIN_FRACTION, .min = { 1, 0 } },
	{ .max_stacks = 1 },
	{ .max_stacks = 7 },
	{ .max_stacks = 40 },
	{ .max_stacks = 1000 },
	{ .min_kind = FK_TRIM_MIN_COUNT, .min = { 2, 0 }, .max_stacks = 15 },
	{ .min_kind = FK_TRIM_MIN_FRACTION, .min = { 1, 2 }, .max_stacks = 5, .drop = 1 },
};

Test(trim, walk_from_a_spill_matches_the_tree_on_random_stacks)
{
	for (unsigned seed = 1; seed <= 40; seed++) {
		int ncols = seed % 3 == 0 ? 2 : 1;
		char *text = random_stacks(seed, 5 + seed * 3, ncols, seed % 2);
		for (size_t i = 0; i < sizeof(tree_opts) / sizeof(*tree_opts); i++)
			trim(&tree_opts[i], text);   /* compares both ways */
		free(text);
	}
}

Test(trim, walk_within_a_budget_spills_and_matches_the_tree)
{
	/* Far more stacks than fit in the smallest budget: every step's spill writes runs. */
	char *text = random_stacks(7, 120000, 1, 1);
	struct fk_stack_table *in = table_from(text);
	struct fk_spill *s = spill_from(in, FK_SPILL_MIN_BUDGET);
	cr_assert_gt(fk_spill_runs(s), 1, "the input stayed in memory");
	fk_spill_free(s);
	const struct fk_trim_opts opts[] = {
		{ .min_kind = FK_TRIM_MIN_COUNT, .min = { 2, 0 } },
		{ .min_kind = FK_TRIM_MIN_FRACTION, .min = { 1, 5 } },
		{ .max_stacks = 30000 },
		{ .max_stacks = 30 },
		{ .min_kind = FK_TRIM_MIN_COUNT, .min = { 2, 0 }, .max_stacks = 20000 },
	};
	for (size_t i = 0; i < sizeof(opts) / sizeof(*opts); i++) {
		struct fk_stack_table *res;
		char *want;
		size_t n, runs;
		cr_assert_eq(fk_trim_table(&opts[i], in, &res), 0, "%s", fk_error_msg());
		TEST_CAPTURE(want, n, cr_assert_eq(fk_stack_table_write(res, test_out, 1), 0));
		(void)n;
		char *got = trim_streamed(&opts[i], in, FK_SPILL_MIN_BUDGET, &runs);
		cr_assert(strcmp(got, want) == 0, "option set %zu: the walk differs from the tree", i);
		/* A large result went through runs too. */
		if (fk_stack_table_size(res) > 20000)
			cr_assert_gt(runs, 0, "option set %zu: the result stayed in memory", i);
		free(got);
		free(want);
		fk_stack_table_free(res);
	}
	fk_stack_table_free(in);
	free(text);
}

Test(trim, walk_reports_a_total_that_overflows)
{
	struct fk_trim_opts o = { .min_kind = FK_TRIM_MIN_COUNT, .min = { 1, 0 } };
	struct fk_stack_table *in = table_from("a;b 9223372036854775807\nc 1\n");
	struct fk_spill *s = spill_from(in, 0), *res;
	cr_assert_eq(fk_trim_stream(&o, s, 1, 0, &res), -1);
	cr_assert_null(res);
	cr_assert(strstr(fk_error_msg(), "total count overflows 64 bits"), "%s", fk_error_msg());
	fk_error_clear();
	fk_stack_table_free(in);
}
