/*
 * stacks.h -- the folded stacks a layout is built from (layout.h).
 *
 * Stacks are added one at a time, after --reverse and the chain rewrite
 * (--colors=chain).  Sorted layouts merge them into a prefix tree of
 * interned frame names (memory grows with distinct frames, not with the
 * input); input-order layouts keep every line, in order.
 *
 * A sorted chain layout is flamegraph.pl's: the stacks are sorted as
 * written and rewritten after, so that a stack ending at a frame ("a",
 * rewritten "a;--") still sorts before that frame's children ("a;(anon)")
 * and the waker frames sort by their names without "_[w]".  Such stacks
 * are merged in a stack table (memory grows with distinct stacks), then
 * rewritten in order and laid out as input-order stacks are.
 */
#ifndef FK_STACKS_H
#define FK_STACKS_H

#include <stddef.h>

#include "core/arena.h"
#include "core/num.h"
#include "core/reader.h"
#include "core/stack_table.h"
#include "core/unit.h"

struct fk_layout_opts;
struct fk__tree;

struct fk_stacks {
	struct fk__tree *tree;           /* sorted orders: a prefix tree */
	struct fk_arena arena;           /* input order: the entries */
	struct fk_stack_entry **list;
	size_t nlist, alist;
	int list_scale;
	int ncols;                       /* 0 until the first line, then 1 or 2 */
	int reverse, chain, in_order;
	struct fk_stack_table *chained;  /* sorted chain layout: stacks as written */
	int table_first;                 /* tests: look frames up in the table from the start */
	char *scratch;
	size_t ascratch;
	struct fk_unit unit;             /* of the inputs' counts (FK_UNIT_NONE when they differ) */
};

/* Collect as o says: its order, reverse and chain. */
void fk_stacks_init(struct fk_stacks *s, const struct fk_layout_opts *o);
void fk_stacks_release(struct fk_stacks *s);
/*
 * Add one stack (after --reverse / chain rewriting as configured).
 * counts has s->ncols entries, which must be set before the first call.
 * @return 0, or -1 (recorded) on overflow.
 */
int fk_stacks_add(struct fk_stacks *s, const char *stack, size_t len,
    const struct fk_num *counts);
/*
 * Read folded inputs (fk_folded_read) into s; ncols 0 takes it from the
 * first line.  s->unit is the inputs' unit.  @return 0, or -1 (recorded).
 */
int fk_stacks_read(struct fk_stacks *s, const struct fk_input *in, size_t nin,
    int ncols);
/*
 * The stacks in input order (FK_LAYOUT_INPUT_ORDER), or for a sorted chain
 * layout in flamegraph.pl's order, rewritten; owned by s.
 */
struct fk_stack_entry *const *fk_stacks_entries(struct fk_stacks *s, size_t *n,
    int *scale);

#endif
