#include "core/arena.h"
#include "core/error.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct fk_arena_block {
	struct fk_arena_block *next;
	max_align_t data[];
};

#define ARENA_DEFAULT_BLOCK (1u << 20)
/*
 * Blocks start small and double up to block_size, so that a short input
 * (or a fuzzer's millions of runs) never pays for megabytes it does not
 * touch.
 */
#define ARENA_FIRST_BLOCK (4u << 10)

void
fk_arena_init(struct fk_arena *a, size_t block_size)
{
	memset(a, 0, sizeof(*a));
	a->block_size = block_size ? block_size : ARENA_DEFAULT_BLOCK;
}

void
fk_arena_release(struct fk_arena *a)
{
	struct fk_arena_block *b = a->head;
	while (b) {
		struct fk_arena_block *next = b->next;
		free(b);
		b = next;
	}
	size_t bs = a->block_size;
	fk_arena_init(a, bs);
}

void *
fk_arena_alloc(struct fk_arena *a, size_t n)
{
	n = (n + 7) & ~(size_t)7;
	if (n > a->avail) {
		if (!a->block_size)
			a->block_size = ARENA_DEFAULT_BLOCK;
		/* Oversized requests get a block of their own; keep the current head. */
		if (n > a->block_size / 4) {
			struct fk_arena_block *b = fk_xmalloc(sizeof(*b) + n);
			a->total += sizeof(*b) + n;
			if (a->head) {
				b->next = a->head->next;
				a->head->next = b;
			} else {
				b->next = NULL;
				a->head = b;
				a->next = NULL;
				a->avail = 0;
			}
			return b->data;
		}
		size_t size = a->grow ? a->grow : ARENA_FIRST_BLOCK;
		while (size < n)
			size *= 2;
		if (size > a->block_size)
			size = a->block_size;
		a->grow = size < a->block_size ? size * 2 : size;
		struct fk_arena_block *b = fk_xmalloc(sizeof(*b) + size);
		a->total += sizeof(*b) + size;
		b->next = a->head;
		a->head = b;
		a->next = (char *)b->data;
		a->avail = size;
	}
	void *p = a->next;
	a->next += n;
	a->avail -= n;
	return p;
}

char *
fk_arena_strndup(struct fk_arena *a, const char *s, size_t n)
{
	char *p = fk_arena_alloc(a, n + 1);
	if (n)
		memcpy(p, s, n);
	p[n] = '\0';
	return p;
}
