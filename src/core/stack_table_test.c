#include <criterion/criterion.h>

#include "core/bigmem.h"
#include "core/stack_table.h"
#include "core/test_util.h"

#include <string.h>

static char *
table_text(struct fk_stack_table *t)
{
	char *s;
	size_t n;
	TEST_CAPTURE(s, n, cr_assert_eq(fk_stack_table_write(t, test_out, 1), 0));
	(void)n;
	return s;
}

Test(stack_table, merges_and_sorts_bytewise)
{
	struct fk_stack_table *t = fk_stack_table_new(1);
	cr_assert_eq(fk_stack_table_add_int(t, "b;c", 3, 2), 0);
	cr_assert_eq(fk_stack_table_add_int(t, "a", 1, 1), 0);
	cr_assert_eq(fk_stack_table_add_int(t, "b;c", 3, 5), 0);
	cr_assert_eq(fk_stack_table_add_int(t, "B", 1, 1), 0);
	cr_assert_eq(fk_stack_table_add_int(t, "\xc3\xa9", 2, 1), 0);
	cr_assert_eq(fk_stack_table_size(t), 4);
	char *s = table_text(t);
	cr_assert_str_eq(s, "B 1\na 1\nb;c 7\n\xc3\xa9 1\n");
	free(s);
	fk_stack_table_free(t);
}

Test(stack_table, prefix_sorts_first)
{
	struct fk_stack_table *t = fk_stack_table_new(1);
	fk_stack_table_add_int(t, "ab", 2, 1);
	fk_stack_table_add_int(t, "a", 1, 1);
	char *s = table_text(t);
	cr_assert_str_eq(s, "a 1\nab 1\n");
	free(s);
	fk_stack_table_free(t);
}

Test(stack_table, frame_order_puts_a_stack_before_its_callees)
{
	/* Bytewise "a" < "a+1" < "a;b"; by frames a's callees come before its sibling a+1. */
	const char *keys[] = { "a+1", "a;b;c", "\xc3\xa9", "a", "a;b", "a!;x", "a;", "B",
	    "longer_than_eight_a;x", "longer_than_eight_a+1", "longer_than_eight_a" };
	const char *want[] = { "B", "a", "a;", "a;b", "a;b;c", "a!;x", "a+1",
	    "longer_than_eight_a", "longer_than_eight_a;x", "longer_than_eight_a+1", "\xc3\xa9" };
	struct fk_stack_table *t = fk_stack_table_new(1);
	for (size_t i = 0; i < sizeof(keys) / sizeof(*keys); i++)
		cr_assert_eq(fk_stack_table_add_int(t, keys[i], strlen(keys[i]), 1), 0);
	size_t n;
	struct fk_stack_entry *const *list = fk_stack_table_sorted_frames(t, &n);
	cr_assert_eq(n, sizeof(want) / sizeof(*want));
	for (size_t i = 0; i < n; i++)
		cr_assert_str_eq(list[i]->key, want[i], "at %zu", i);
	/* The bytewise order comes back when asked for. */
	list = fk_stack_table_sorted(t, &n);
	cr_assert_str_eq(list[1]->key, "a");
	cr_assert_str_eq(list[2]->key, "a!;x");
	cr_assert_str_eq(list[3]->key, "a+1");
	fk_stack_table_free(t);
	/* The comparison itself: equal keys, prefixes, bytes above 0x7f, ';' against NUL. */
	cr_assert_eq(fk_stack_key_cmp_frames("ab;c", 4, "ab;c", 4), 0);
	cr_assert_lt(fk_stack_key_cmp_frames("abcdefghij", 10, "abcdefghij;", 11), 0);
	cr_assert_gt(fk_stack_key_cmp_frames("abcdefgh\xff", 9, "abcdefgh\x01", 9), 0);
	cr_assert_lt(fk_stack_key_cmp_frames("abcdefghijk;", 12, "abcdefghijk\0", 12), 0);
	cr_assert_gt(fk_stack_key_cmp_frames("x\0", 2, "x;", 2), 0);
}

Test(stack_table, decimals_rescale_exactly)
{
	struct fk_stack_table *t = fk_stack_table_new(1);
	struct fk_num c;
	fk_num_parse("3", 1, &c);
	fk_stack_table_add(t, "x", 1, &c);
	fk_num_parse("0.25", 4, &c);
	fk_stack_table_add(t, "x", 1, &c);
	fk_num_parse("0.5", 3, &c);
	fk_stack_table_add(t, "y", 1, &c);
	cr_assert_eq(fk_stack_table_scale(t), 2);
	char *s = table_text(t);
	cr_assert_str_eq(s, "x 3.25\ny 0.5\n");
	free(s);
	int64_t total;
	cr_assert_eq(fk_stack_table_total(t, 0, &total), 0);
	cr_assert_eq(total, 375);
	fk_stack_table_free(t);
}

Test(stack_table, two_columns)
{
	struct fk_stack_table *t = fk_stack_table_new(2);
	struct fk_num c[2] = { { 1, 0 }, { 2, 0 } };
	fk_stack_table_add(t, "a;b", 3, c);
	fk_stack_table_add(t, "a;b", 3, c);
	char *s = table_text(t);
	cr_assert_str_eq(s, "a;b 2 4\n");
	free(s);
	fk_stack_table_free(t);
}

Test(stack_table, overflow_is_an_error)
{
	struct fk_stack_table *t = fk_stack_table_new(1);
	cr_assert_eq(fk_stack_table_add_int(t, "a", 1, INT64_MAX), 0);
	cr_assert_eq(fk_stack_table_add_int(t, "a", 1, 1), -1);
	fk_stack_table_free(t);
}

Test(stack_table, grows_to_many_keys)
{
	struct fk_stack_table *t = fk_stack_table_new(1);
	char key[32];
	for (int i = 0; i < 200000; i++) {
		int n = sprintf(key, "k%d", i % 100000);
		fk_stack_table_add_int(t, key, (size_t)n, 1);
	}
	cr_assert_eq(fk_stack_table_size(t), 100000);
	const struct fk_stack_entry *e = fk_stack_table_find(t, "k4242", 5);
	cr_assert_not_null(e);
	cr_assert_eq(e->counts[0], 2);
	cr_assert_null(fk_stack_table_find(t, "k100000", 7));
	fk_stack_table_free(t);
}

Test(stack_table, clear_forgets_entries_and_scale)
{
	struct fk_stack_table *t = fk_stack_table_new_block(1, 64 << 10);
	struct fk_num c = { 25, 2 };
	fk_stack_table_add(t, "a;b", 3, &c);
	cr_assert_eq(fk_stack_table_scale(t), 2);
	fk_stack_table_clear(t);
	cr_assert_eq(fk_stack_table_size(t), 0);
	cr_assert_eq(fk_stack_table_scale(t), 0);
	cr_assert_null(fk_stack_table_find(t, "a;b", 3));
	fk_stack_table_add_int(t, "c", 1, 4);
	char *s = table_text(t);
	cr_assert_str_eq(s, "c 4\n");
	free(s);
	fk_stack_table_free(t);
}

Test(stack_table, bytes_grow_with_entries_and_foresee_the_index)
{
	struct fk_stack_table *t = fk_stack_table_new(1);
	char key[32];
	size_t empty = fk_stack_table_bytes(t, 0);
	for (int i = 0; i < 5000; i++)
		fk_stack_table_add_int(t, key, (size_t)sprintf(key, "stack_%d", i), 1);
	size_t full = fk_stack_table_bytes(t, 0);
	cr_assert_gt(full, empty + 5000 * 16);
	cr_assert_geq(fk_stack_table_bytes(t, 1), full);
	/* Up to the entry that doubles the index, next counts the new index too. */
	size_t before = fk_stack_table_bytes(t, 1);
	int i = 5000;
	while (fk_stack_table_bytes(t, 0) <= full)
		fk_stack_table_add_int(t, key, (size_t)sprintf(key, "stack_%d", i++), 1);
	/* ... plus one arena block: 1 MiB, a whole 2 MiB mapping (bigmem.h). */
	cr_assert_leq(fk_stack_table_bytes(t, 0),
	    before + (size_t)(i - 5000) * 64 + fk_bigmem_usable((1u << 20) + 64),
	    "the index grew beyond what next foresaw");
	fk_stack_table_free(t);
}
