/*
 * trim_stream.h -- flame-trim's tree-wide steps (the min-* threshold, then
 * max-stacks) on more stacks than fit in memory.
 *
 * fk_trim_table() builds the call tree in memory.  Here the merged stacks
 * are read from a spill (spill.h) in frame order, which is the order of a
 * depth-first walk of that tree: memory holds the path from the root to
 * the current stack, and a node is decided when the walk leaves it, once
 * its whole subtree has been seen.  What the steps write goes into a new
 * spill, which sorts it bytewise within the budget.  The result is what
 * fk_trim_table() gives for the same stacks, byte for byte.  fk_trim_run()
 * walks whether or not the stacks fit in memory: without the tree and its
 * frame ids it takes about half the time.
 *
 * - min-*: a node whose subtree weighs less than the threshold (the
 *   fraction of the total needs a first pass for the total) folds into its
 *   parent, or into "[other]" under the root, unless it is dropped.
 * - max-stacks N: passes over the stacks count their weights in ever
 *   finer buckets until the weight W of the N-th heaviest is known; when
 *   stacks of weight W are kept only in part, those are sorted bytewise
 *   in a spill of their own to find the last kept one.  Then one walk
 *   keeps the heaviest and folds each of the others into "[other]" under
 *   the deepest node that has a kept stack below it.
 */
#ifndef FK_TRIM_STREAM_H
#define FK_TRIM_STREAM_H

#include <stddef.h>
#include <stdint.h>

#include "core/spill.h"
#include "filter/trim.h"

/*
 * Run o's min-* threshold and then its max-stacks (the other options are
 * not looked at) on the stacks of in: a finished spill in FK_SPILL_FRAMES
 * order with ncols count columns, read several times (fk_spill_rewind())
 * and freed here, as soon as it is done with.  *out receives a new
 * finished spill in byte order, owned by the caller, holding the result.
 * Every spill made here, *out included, gets budget bytes (spill.h); at
 * most two are held at once.
 * @return 0, or -1 (recorded; *out is NULL).
 */
int fk_trim_stream(const struct fk_trim_opts *o, struct fk_spill *in, int ncols,
    size_t budget, struct fk_spill **out);

/*
 * Is the weight w (at the given scale) below o's min-* threshold in every
 * column that counts?  Shared by both ways of trimming, so that they
 * cannot disagree.
 */
int fk__trim_below(const struct fk_trim_opts *o, const int64_t w[2],
    const int64_t total[2], int ncols, int scale);

#endif
