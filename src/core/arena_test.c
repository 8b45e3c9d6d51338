#include <criterion/criterion.h>
#include <stdint.h>
#include <string.h>

#include "core/arena.h"
#include "core/bigmem.h"

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

Test(arena, blocks_start_small_and_grow_to_the_block_size)
{
	struct fk_arena a;
	fk_arena_init(&a, 1u << 20);
	fk_arena_strndup(&a, "x", 1);
	/* One small allocation reserves a small block, not the megabyte. */
	cr_assert_lt(a.total, 64u << 10);
	/* Many allocations: blocks double, so few of them hold it all ... */
	for (int i = 0; i < 100000; i++)
		fk_arena_alloc(&a, 64);
	cr_assert_geq(a.total, 6400000u);
	cr_assert_lt(a.total, 2 * 6400000u + (1u << 20));
	/* ... and none is larger than the block size, rounded up to huge pages. */
	size_t before = a.total;
	fk_arena_alloc(&a, (1u << 20) / 4);
	cr_assert_leq(a.total - before, fk_bigmem_usable((1u << 20) + 64));
	fk_arena_release(&a);
	cr_assert_eq(a.total, 0);
	fk_arena_strndup(&a, "y", 1);
	cr_assert_lt(a.total, 64u << 10);
	fk_arena_release(&a);
}

Test(arena, a_mapped_block_is_used_whole)
{
	struct fk_arena a;
	fk_arena_init(&a, FK_BIGMEM_MIN);
	/* Grow until the blocks are mapped ones. */
	while (a.total < FK_BIGMEM_PAGE)
		fk_arena_alloc(&a, 4096);
	size_t before = a.total;
	cr_assert_geq(before, FK_BIGMEM_PAGE);
	/* The rest of the huge page holds what comes next, with no new block. */
	char *first = fk_arena_alloc(&a, 4096);
	for (size_t used = 4096; used + 4096 < FK_BIGMEM_PAGE / 2; used += 4096) {
		char *p = fk_arena_alloc(&a, 4096);
		memset(p, 'x', 4096);
	}
	cr_assert_eq(a.total, before);
	memset(first, 'y', 4096);
	fk_arena_release(&a);
	cr_assert_eq(a.total, 0);
}
