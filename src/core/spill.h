/*
 * spill.h -- merge equal stacks within a memory budget, as sort(1) does.
 *
 * Stacks go into a stack table (stack_table.h) until it would hold more
 * than the budget; then its entries are written sorted, as a run, to a
 * temporary file and the table starts again empty.  At the end the runs
 * (and what is left in the table) are merged k-way, a heap over the runs,
 * adding the counts of equal stacks.  The result, read with
 * fk_spill_next(), is what the table alone would have given: every stack
 * once, sorted bytewise (or frame by frame, for a walk of the call tree),
 * the counts exact at the largest decimal scale of the input (num.h), the
 * same overflow errors.  The merge can be read again (fk_spill_rewind()).
 *
 * The temporary files are created in $TMPDIR (else /tmp) with no name
 * left in the file system (O_TMPFILE, or mkstemp() and unlink() at once
 * with signals blocked): the system removes them when the process ends,
 * however it ends.  Runs are merged 16 at a time while more pile up, so a
 * merge holds few descriptors and little buffer memory whatever the size
 * of the input.  Frame names that a command interns beside the table are
 * not counted in the budget.
 */
#ifndef FK_SPILL_H
#define FK_SPILL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/num.h"

/* The smallest budget taken: a table below this spills too often to pay. */
#define FK_SPILL_MIN_BUDGET ((size_t)1 << 20)

struct fk_spill;

/* One merged stack: owned by the spill, valid until the next fk_spill_next(). */
struct fk_spill_rec {
	const char *key;     /* not NUL-terminated */
	size_t len;
	int64_t counts[2];   /* at fk_spill_scale(); [1] is 0 with one column */
};

/* The order of the merged stacks. */
enum fk_spill_order {
	FK_SPILL_BYTES,     /* bytewise, the order of folded output */
	FK_SPILL_FRAMES,    /* frame by frame (fk_stack_table_sorted_frames()): a depth-first walk */
};

/*
 * ncols is 1 or 2.  budget is in bytes: 0 never spills (the table alone),
 * anything else is raised to FK_SPILL_MIN_BUDGET.  The stacks come out
 * bytewise.
 */
struct fk_spill *fk_spill_new(int ncols, size_t budget);
/* The same with the stacks in the given order. */
struct fk_spill *fk_spill_new_ordered(int ncols, size_t budget, enum fk_spill_order order);
/* Accepts NULL.  Closes (and so removes) the temporary files. */
void fk_spill_free(struct fk_spill *s);

/*
 * Add counts (ncols of them) to key, as fk_stack_table_add() does; may
 * write a run first.  Not after fk_spill_finish().
 * @return 0, or -1 (recorded): an overflow, a key too long, or a temporary
 *         file that cannot be created or written (ENOSPC, EFBIG, ...).
 */
int fk_spill_add(struct fk_spill *s, const char *key, size_t len,
    const struct fk_num *counts);

/*
 * End the input and prepare the merge: the last runs are written here, so
 * a full disk shows before any output.  A second call does nothing.
 * @return 0, or -1 (recorded).
 */
int fk_spill_finish(struct fk_spill *s);

/* Decimal places of every merged count (valid after fk_spill_finish()). */
int fk_spill_scale(const struct fk_spill *s);

/*
 * The next stack in the spill's order, its counts summed over every run.
 * @return 1 with *rec filled, 0 at the end, -1 (recorded) on a read error
 *         or an overflow.
 */
int fk_spill_next(struct fk_spill *s, struct fk_spill_rec *rec);

/*
 * Finish and write every merged stack to out as fk_stack_table_write()
 * writes a sorted table: "key count[ count]\n".  Returns the number of
 * lines in *n (may be NULL).  @return 0, or -1 (recorded).
 */
int fk_spill_write(struct fk_spill *s, FILE *out, size_t *n);

/* Runs written so far (0: everything stayed in memory). */
size_t fk_spill_runs(const struct fk_spill *s);

/*
 * Start reading the merged stacks again from the first (after
 * fk_spill_finish()): the runs are merged anew, so a command can take
 * several passes over more stacks than fit in memory.
 * @return 0, or -1 (recorded).
 */
int fk_spill_rewind(struct fk_spill *s);

/*
 * Parse a size as sort(1)'s -S takes it: a whole number with an optional
 * suffix, b (bytes), K, M, G, T, P, E (powers of 1024; lower case too) or
 * % (of physical memory); no suffix means K.
 * @return 0, or -1 (recorded) when s is not such a size or is too large.
 */
int fk_spill_parse_size(const char *s, size_t *bytes);

/*
 * The default budget: a quarter of physical memory, and no more than half
 * of the address-space and data-size limits (RLIMIT_AS, RLIMIT_DATA) when
 * they are set.
 */
size_t fk_spill_default_budget(void);

#endif
