#include "core/arena.h"
#include "core/bigmem.h"
#include "core/error.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct fk_arena_block {
	struct fk_arena_block *next;
	size_t mapped;      /* bytes from fk_bigmem_alloc(); 0: from malloc */
	max_align_t data[];
};

#define ARENA_DEFAULT_BLOCK (1u << 20)
/*
 * Blocks start small and double up to block_size, so that a short input
 * (or a fuzzer's millions of runs) never pays for megabytes it does not
 * touch.  A block of FK_BIGMEM_MIN bytes or more is mapped on huge pages
 * (bigmem.h) and used whole: a big input then costs one page fault every
 * 2 MiB of frame names, not one every 4 KiB.
 */
#define ARENA_FIRST_BLOCK (4u << 10)

/* A block with room for n bytes; *avail is set to the room it really has. */
static struct fk_arena_block *
block_new(struct fk_arena *a, size_t n, size_t *avail)
{
	if (n > SIZE_MAX / 2)
		fk_out_of_memory(n);
	size_t bytes = sizeof(struct fk_arena_block) + n;
	struct fk_arena_block *b;
	if (bytes >= FK_BIGMEM_MIN) {
		bytes = fk_bigmem_usable(bytes);
		b = fk_bigmem_alloc(bytes);
		b->mapped = bytes;
	} else {
		b = fk_xmalloc(bytes);
		b->mapped = 0;
	}
	a->total += bytes;
	*avail = bytes - sizeof(*b);
	return b;
}

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
		if (b->mapped)
			fk_bigmem_free(b, b->mapped);
		else
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
			size_t room;
			struct fk_arena_block *b = block_new(a, n, &room);
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
		size_t room;
		struct fk_arena_block *b = block_new(a, size, &room);
		b->next = a->head;
		a->head = b;
		a->next = (char *)b->data;
		a->avail = room;
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
