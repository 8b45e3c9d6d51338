/*
 * arena.h -- bump allocator for bulk data (frame names, stack keys).
 *
 * Everything allocated from an arena is freed at once by fk_arena_release();
 * nothing is freed one by one.  Allocations are 8-byte aligned.
 */
#ifndef FK_ARENA_H
#define FK_ARENA_H

#include <stddef.h>

struct fk_arena_block;

struct fk_arena {
	struct fk_arena_block *head;
	char *next;          /* free space in the head block */
	size_t avail;
	size_t block_size;   /* largest ordinary block */
	size_t grow;         /* size of the next ordinary block (doubles) */
	size_t total;        /* bytes reserved from malloc, for reporting */
};

#define FK_ARENA_INIT { 0 }

void fk_arena_init(struct fk_arena *a, size_t block_size);
/* Free every block; the arena is ready for reuse afterwards. */
void fk_arena_release(struct fk_arena *a);

/* Uninitialised memory, owned by the arena; never NULL (aborts on OOM). */
void *fk_arena_alloc(struct fk_arena *a, size_t n);
/* Copy n bytes and add a NUL; owned by the arena. */
char *fk_arena_strndup(struct fk_arena *a, const char *s, size_t n);

#endif
