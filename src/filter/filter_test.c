#include "core/error.h"
#include "filter/filter.h"

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int
match(struct fk_filter *f, const char *s)
{
	return fk_filter_match(f, s, strlen(s));
}

Test(filter, unanchored_by_default)
{
	struct fk_filter *f = fk_filter_new(0);
	cr_assert_eq(fk_filter_add(f, "mem"), 0);
	cr_assert_eq(match(f, "memcpy"), 1);
	cr_assert_eq(match(f, "__memmove_avx"), 1);
	cr_assert_eq(match(f, "MEMCPY"), 0);
	cr_assert_eq(match(f, "main"), 0);
	fk_filter_free(f);
}

Test(filter, ignore_case_and_exact)
{
	struct fk_filter *f = fk_filter_new(FK_FILTER_ICASE | FK_FILTER_EXACT);
	cr_assert_eq(fk_filter_add(f, "memcpy"), 0);
	cr_assert_eq(match(f, "MemCpy"), 1);
	cr_assert_eq(match(f, "memcpy_avx"), 0);
	cr_assert_eq(match(f, "x_memcpy"), 0);
	fk_filter_free(f);
}

Test(filter, exact_applies_to_alternations)
{
	struct fk_filter *f = fk_filter_new(FK_FILTER_EXACT);
	cr_assert_eq(fk_filter_add(f, "a|b"), 0);
	cr_assert_eq(match(f, "a"), 1);
	cr_assert_eq(match(f, "b"), 1);
	cr_assert_eq(match(f, "ab"), 0);
	fk_filter_free(f);
}

Test(filter, literal_takes_metacharacters_as_text)
{
	struct fk_filter *f = fk_filter_new(FK_FILTER_LITERAL);
	cr_assert_eq(fk_filter_add(f, "std::vector<int>::push_back(int const&)"), 0);
	cr_assert_eq(match(f, "void std::vector<int>::push_back(int const&) [clone]"), 1);
	cr_assert_eq(match(f, "std::vector<int>::push_back"), 0);
	cr_assert_eq(fk_filter_add(f, "a->b[0]"), 0);
	cr_assert_eq(match(f, "x a->b[0] y"), 1);
	cr_assert_eq(match(f, "a-b0"), 0);
	fk_filter_free(f);
}

Test(filter, frames_with_spaces_and_brackets)
{
	struct fk_filter *f = fk_filter_new(0);
	cr_assert_eq(fk_filter_add(f, "^\\[unknown\\]$"), 0);
	cr_assert_eq(fk_filter_add(f, "lambda \\(int\\)"), 0);
	cr_assert_eq(match(f, "[unknown]"), 1);
	cr_assert_eq(match(f, "x[unknown]"), 0);
	cr_assert_eq(match(f, "operator() lambda (int) #1"), 1);
	cr_assert_eq(fk_filter_size(f), 2);
	fk_filter_free(f);
}

Test(filter, matches_one_frame_by_length_not_nul)
{
	struct fk_filter *f = fk_filter_new(0);
	cr_assert_eq(fk_filter_add(f, "c$"), 0);
	const char *stack = "a;abc;d";
	cr_assert_eq(fk_filter_match(f, stack + 2, 3), 1);   /* "abc" */
	cr_assert_eq(fk_filter_match(f, stack, 1), 0);       /* "a" */
	fk_filter_free(f);
}

Test(filter, empty_and_null_sets_match_nothing)
{
	struct fk_filter *f = fk_filter_new(0);
	cr_assert_eq(match(f, "x"), 0);
	cr_assert_eq(fk_filter_match(NULL, "x", 1), 0);
	cr_assert_eq(fk_filter_size(NULL), 0);
	fk_filter_free(f);
	fk_filter_free(NULL);
}

Test(filter, bad_pattern_is_a_usage_error_with_offset)
{
	struct fk_filter *f = fk_filter_new(0);
	fk_error_clear();
	cr_assert_eq(fk_filter_add(f, "ab(c"), -1);
	cr_assert_eq(fk_error_last(), FK_ERR_USAGE);
	cr_assert(strstr(fk_error_msg(), "bad pattern 'ab(c'") != NULL, "%s", fk_error_msg());
	cr_assert(strstr(fk_error_msg(), "missing closing parenthesis at offset 4") != NULL,
	    "%s", fk_error_msg());
	cr_assert_eq(fk_filter_size(f), 0);
	fk_error_clear();
	fk_filter_free(f);
}

static char *
subst(const char *expr, const char *in, int *replaced)
{
	struct fk_filter_subst *s = fk_filter_subst_new(expr);
	cr_assert_not_null(s, "%s", fk_error_msg());
	char *buf = NULL;
	size_t cap = 0, len;
	*replaced = fk_filter_subst_apply(s, in, strlen(in), &buf, &cap, &len);
	cr_assert_geq(*replaced, 0);
	char *r = strndup(buf, len);
	free(buf);
	fk_filter_subst_free(s);
	return r;
}

Test(filter, substitute_with_capture_groups)
{
	int rep;
	char *r = subst("s/Lambda\\$([0-9]+)\\/0x[0-9a-f]+/Lambda$$$1/", "Foo$$Lambda$12/0x7f3a.run", &rep);
	cr_assert_str_eq(r, "Foo$$Lambda$12.run");
	cr_assert_eq(rep, 1);
	free(r);
	r = subst("s/17h[0-9a-f]{16}E$//", "core::fmt::write::17h0123456789abcdefE", &rep);
	cr_assert_str_eq(r, "core::fmt::write::");
	free(r);
}

Test(filter, substitute_flags_and_delimiters)
{
	int rep;
	char *r = subst("s/a/X/g", "banana", &rep);
	cr_assert_str_eq(r, "bXnXnX");
	free(r);
	r = subst("s/a/X/", "banana", &rep);
	cr_assert_str_eq(r, "bXnana");
	free(r);
	r = subst("s|/usr/lib/|LIB:|", "/usr/lib/libc.so.6+0x10", &rep);
	cr_assert_str_eq(r, "LIB:libc.so.6+0x10");
	free(r);
	r = subst("s/\\//:/g", "a/b/c", &rep);
	cr_assert_str_eq(r, "a:b:c");
	free(r);
	r = subst("s/FOO/bar/i", "xfoo", &rep);
	cr_assert_str_eq(r, "xbar");
	free(r);
	r = subst("s/nomatch/x/", "keep me", &rep);
	cr_assert_str_eq(r, "keep me");
	cr_assert_eq(rep, 0);
	free(r);
}

Test(filter, substitute_grows_its_buffer)
{
	int rep;
	char big[300];
	memset(big, 'y', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	char *expr;
	cr_assert_gt(asprintf(&expr, "s/x/%s/g", big), 0);
	char *r = subst(expr, "xx", &rep);
	cr_assert_eq(strlen(r), 2 * strlen(big));
	free(r);
	free(expr);
}

Test(filter, bad_substitutions_are_usage_errors)
{
	const char *bad[] = { "x/a/b/", "s/a/b", "s/a", "s/(/x/", "s/a/b/q", "sabc", "s" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		fk_error_clear();
		cr_assert_null(fk_filter_subst_new(bad[i]), "%s", bad[i]);
		cr_assert_eq(fk_error_last(), FK_ERR_USAGE, "%s", bad[i]);
	}
	fk_error_clear();
}

Test(filter, memo_numbers_distinct_keys)
{
	struct fk_filter_memo *m = fk_filter_memo_new();
	int added;
	struct fk_filter_memo_entry *a = fk_filter_memo_get(m, "alpha;x", 5, &added);
	cr_assert_eq(added, 1);
	cr_assert_eq(a->id, 0);
	cr_assert_eq(a->value, 0);
	a->value = 42;
	struct fk_filter_memo_entry *b = fk_filter_memo_get(m, "beta", 4, &added);
	cr_assert_eq(added, 1);
	cr_assert_eq(b->id, 1);
	cr_assert_eq(fk_filter_memo_get(m, "alpha", 5, &added), a);
	cr_assert_eq(added, 0);
	cr_assert_eq(a->value, 42);
	cr_assert_str_eq(a->key, "alpha");
	/* Growth keeps every entry findable. */
	char k[32];
	for (int i = 0; i < 5000; i++) {
		int n = snprintf(k, sizeof(k), "f%d", i);
		fk_filter_memo_get(m, k, (size_t)n, &added);
		cr_assert_eq(added, 1);
	}
	cr_assert_eq(fk_filter_memo_size(m), 5002);
	for (int i = 0; i < 5000; i++) {
		int n = snprintf(k, sizeof(k), "f%d", i);
		struct fk_filter_memo_entry *e = fk_filter_memo_get(m, k, (size_t)n, &added);
		cr_assert_eq(added, 0);
		cr_assert_eq(e->id, (uint32_t)i + 2);
		cr_assert_eq(fk_filter_memo_at(m, e->id), e);
	}
	fk_filter_memo_free(m);
	fk_filter_memo_free(NULL);
}

static struct fk_input
pipe_input(const char *text)
{
	int fd[2];
	cr_assert_eq(pipe(fd), 0);
	cr_assert_eq(write(fd[1], text, strlen(text)), (ssize_t)strlen(text));
	close(fd[1]);
	return (struct fk_input){ .name = "t.folded", .fd = fd[0] };
}

Test(filter, read_merges_stacks_and_skips_bad_lines)
{
	struct fk_input in = pipe_input("a;b 1\nnot a stack\na;b 2.5\nc 3\n");
	struct fk_stack_table *t;
	struct fk_folded_stats st = { 0 };
	cr_assert_eq(fk_filter_read(&in, 1, &t, &st), 0);
	close(in.fd);
	cr_assert_eq(st.bad_lines, 1);
	cr_assert_eq(fk_stack_table_size(t), 2);
	const struct fk_stack_entry *e = fk_stack_table_find(t, "a;b", 3);
	cr_assert_not_null(e);
	cr_assert_eq(fk_stack_table_scale(t), 1);
	cr_assert_eq(e->counts[0], 35);
	fk_stack_table_free(t);
}

Test(filter, read_of_nothing_gives_an_empty_table)
{
	struct fk_input in = pipe_input("");
	struct fk_stack_table *t;
	cr_assert_eq(fk_filter_read(&in, 1, &t, NULL), 0);
	close(in.fd);
	cr_assert_eq(fk_stack_table_size(t), 0);
	cr_assert_eq(fk_stack_table_ncols(t), 1);
	fk_stack_table_free(t);
}
