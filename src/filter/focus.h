/*
 * focus.h -- pprof's selection of stacks and frames by pattern.
 *
 * The steps run in a fixed order, pprof's: focus and ignore select whole
 * stacks by their original frames, hide and show remove frames, then
 * show-from cuts rootward frames and prune-from cuts leafward frames.
 * Every step carries both count columns of differential input.
 */
#ifndef FK_FOCUS_H
#define FK_FOCUS_H

#include <stdint.h>
#include <stdio.h>

#include "filter/filter.h"
#include "core/num.h"
#include "core/reader.h"
#include "core/stack_table.h"

enum fk_focus_step {
	FK_FOCUS_FOCUS,       /* keep stacks with a matching frame */
	FK_FOCUS_IGNORE,      /* drop stacks with a matching frame */
	FK_FOCUS_HIDE,        /* remove matching frames */
	FK_FOCUS_SHOW,        /* keep only matching frames */
	FK_FOCUS_SHOW_FROM,   /* the root-most match becomes the root */
	FK_FOCUS_PRUNE_FROM,  /* the leaf-most match becomes the leaf */
	FK_FOCUS_NSTEPS
};

struct fk_focus_opts {
	/* One pattern set per step; NULL or empty leaves the step out. Not owned. */
	struct fk_filter *sets[FK_FOCUS_NSTEPS];
	int keep_root;        /* show-from keeps the stack's first frame */
	/* fk_focus_run: bytes of stacks held in memory before sorted runs spill (spill.h); 0: no bound. */
	size_t memory;
};

struct fk_focus_step_stats {
	uint64_t removed;     /* stacks dropped by this step */
	uint64_t changed;     /* stacks kept but shortened */
	struct fk_num weight[2];   /* weight dropped */
	uint64_t frames;      /* distinct frame names the step's patterns matched */
};

struct fk_focus_stats {
	int ncols;            /* 0 when the input held no stack */
	uint64_t stacks;      /* input stacks (lines, or table entries) */
	uint64_t refused;     /* stacks left out: a pattern could not be matched against a frame */
	struct fk_num total[2];    /* input weight */
	struct fk_focus_step_stats step[FK_FOCUS_NSTEPS];
};

/*
 * Apply the steps to every stack of in and add the results to *out, which
 * is created (with in's column count) and owned by the caller.  in is not
 * changed.  st may be NULL.
 * @return 0, or -1 (recorded).
 */
int fk_focus_table(const struct fk_focus_opts *o, struct fk_stack_table *in,
    struct fk_stack_table **out, struct fk_focus_stats *st);

/*
 * Read folded stacks from every input, apply the steps line by line (no
 * input table: memory grows with the distinct output stacks) and write the
 * result merged and sorted to out, after the inputs' header
 * (folded_header.h).  st may be NULL.
 * @return 0, or -1 (recorded; also when nin is 0).
 */
int fk_focus_run(const struct fk_focus_opts *o, const struct fk_input *in,
    size_t nin, FILE *out, struct fk_focus_stats *st);

/*
 * Write a human-readable report of st to fp, one line per step in use,
 * each line starting with prefix.
 */
void fk_focus_stats_write(const struct fk_focus_opts *o,
    const struct fk_focus_stats *st, FILE *fp, const char *prefix);

#endif
