#include <criterion/criterion.h>
#include <stdint.h>

#include "arena.h"

Test(arena, allocations_are_aligned_and_distinct)
{
	struct fk_arena a;
	fk_arena_init(&a, 4096);
	char *prev = NULL;
	for (int i = 0; i < 10000; i++) {
		char *p = fk_arena_alloc(&a, (size_t)(i % 37) + 1);
		cr_assert_eq((uintptr_t)p % 8, 0);
		cr_assert_neq(p, prev);
		memset(p, 0xab, (size_t)(i % 37) + 1);
		prev = p;
	}
	fk_arena_release(&a);
}

Test(arena, strndup_and_oversized)
{
	struct fk_arena a;
	fk_arena_init(&a, 1024);
	char *s = fk_arena_strndup(&a, "hello world", 5);
	cr_assert_str_eq(s, "hello");
	char *big = fk_arena_alloc(&a, 100000);
	memset(big, 1, 100000);
	char *t = fk_arena_strndup(&a, "next", 4);
	cr_assert_str_eq(t, "next");
	cr_assert_str_eq(s, "hello");
	fk_arena_release(&a);
	/* Reusable after release. */
	cr_assert_str_eq(fk_arena_strndup(&a, "again", 5), "again");
	fk_arena_release(&a);
}
