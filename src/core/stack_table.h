/*
 * stack_table.h -- stack text -> count(s), merged, emitted in byte order.
 *
 * Keys are copied into the table's arena; memory grows with the number of
 * distinct stacks, never with the number of additions.  A table has one
 * count column (ordinary folded stacks) or two (differential "before
 * after").  Counts are exact decimals sharing one table-wide scale (see
 * num.h); integer input stays at scale 0.
 */
#ifndef FK_STACK_TABLE_H
#define FK_STACK_TABLE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/num.h"

struct fk_stack_entry {
	uint64_t hash;
	int64_t counts[2];   /* scaled by the table's scale; [1] unused with one column */
	uint32_t len;
	char key[];          /* len bytes, NUL-terminated */
};

struct fk_stack_table;

/* ncols is 1 or 2. */
struct fk_stack_table *fk_stack_table_new(int ncols);
/* The same with arena blocks of at most block bytes (0: the default, 1 MiB). */
struct fk_stack_table *fk_stack_table_new_block(int ncols, size_t block);
/* Accepts NULL. */
void fk_stack_table_free(struct fk_stack_table *t);

int fk_stack_table_ncols(const struct fk_stack_table *t);
/* Decimal places of every stored count. */
int fk_stack_table_scale(const struct fk_stack_table *t);
size_t fk_stack_table_size(const struct fk_stack_table *t);

/*
 * Heap bytes the table holds: key arena blocks and index.  With next set,
 * the bytes it holds at most while one more new entry goes in, when the
 * index may be reallocated larger (a new arena block is not counted).
 */
size_t fk_stack_table_bytes(const struct fk_stack_table *t, int next);

/* Forget every entry and go back to scale 0; the index keeps its capacity. */
void fk_stack_table_clear(struct fk_stack_table *t);

/*
 * Add counts (ncols of them) to key, inserting it if new.
 * @return 0, or -1 (recorded) when a sum overflows or the key is too long.
 */
int fk_stack_table_add(struct fk_stack_table *t, const char *key, size_t len,
    const struct fk_num *counts);
/* Fast path for an integer count in column 0. */
int fk_stack_table_add_int(struct fk_stack_table *t, const char *key, size_t len,
    int64_t count);
/* As above with a precomputed fk_hash_bytes(key, len, 0). */
int fk_stack_table_add_hashed(struct fk_stack_table *t, const char *key, size_t len,
    uint64_t hash, int64_t count);

/* Look a key up; NULL when absent.  Owned by the table. */
const struct fk_stack_entry *fk_stack_table_find(const struct fk_stack_table *t,
    const char *key, size_t len);

/*
 * All entries sorted bytewise by key.  The array is owned by the table and
 * valid until the next add or free.
 */
struct fk_stack_entry *const *fk_stack_table_sorted(struct fk_stack_table *t,
    size_t *n);

/*
 * All entries sorted frame by frame: as bytes, but with ';' before every
 * other byte, so that a stack comes right before the stacks below it, and
 * those before its siblings ("a", "a;b", "a+1" rather than bytewise
 * "a", "a+1", "a;b").  That is the order of a depth-first walk of the
 * call tree.  Same ownership as _sorted.
 */
struct fk_stack_entry *const *fk_stack_table_sorted_frames(struct fk_stack_table *t,
    size_t *n);

/* Compare two keys in that order: <0, 0 or >0. */
int fk_stack_key_cmp_frames(const char *a, size_t an, const char *b, size_t bn);

/* Entries in insertion order (no sorting); same ownership as _sorted. */
struct fk_stack_entry *const *fk_stack_table_entries(struct fk_stack_table *t,
    size_t *n);

/* Sum of column col over all entries, at the table's scale. @return -1 on overflow. */
int fk_stack_table_total(const struct fk_stack_table *t, int col, int64_t *sum);

/*
 * Write "key count[ count]\n" for every entry, sorted (or in insertion order
 * when sorted is 0).  @return 0, or -1 on a write error (recorded).
 */
int fk_stack_table_write(struct fk_stack_table *t, FILE *out, int sorted);

#endif
