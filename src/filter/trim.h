/*
 * trim.h -- shape the tree of folded stacks: rewrite frame names, collapse
 * recursion, cut depth, remove small nodes, keep the heaviest stacks.
 *
 * The operations run in a fixed order: the root (drop or rename it), frame
 * rewrites (strip annotations
 * aside, strip offsets, strip arguments, put the annotation back unless it
 * is stripped too, then every --replace in turn), recursion collapse,
 * max-depth, merge, the min-* threshold, max-stacks.  Every operation
 * carries both columns of differential input, and every one but --drop
 * (and a frame rewritten to nothing on a stack of such frames) keeps the
 * total weight exactly.
 */
#ifndef FK_TRIM_H
#define FK_TRIM_H

#include <stddef.h>
#include <stdio.h>

#include "filter/filter.h"
#include "core/num.h"
#include "core/reader.h"
#include "core/stack_table.h"

enum fk_trim_recursion {
	FK_TRIM_RECURSION_NONE,
	FK_TRIM_RECURSION_DIRECT,   /* a;a;a -> a */
	FK_TRIM_RECURSION_ALL,      /* also drop a frame that appears rootward */
};

enum fk_trim_min {
	FK_TRIM_MIN_NONE,
	FK_TRIM_MIN_COUNT,          /* min is an absolute weight */
	FK_TRIM_MIN_FRACTION,       /* min is a fraction (0..1) of the column's total */
};

/* The frame that small or surplus stacks fold into. */
#define FK_TRIM_OTHER "[other]"

struct fk_trim_opts {
	size_t max_depth;              /* 0: no limit */
	enum fk_trim_min min_kind;
	struct fk_num min;             /* exact threshold, see min_kind */
	int drop;                      /* discard small nodes' weight */
	enum fk_trim_recursion recursion;
	int strip_offsets;             /* "+0x1f" and "+0x1f/0x80" */
	int strip_annotations;         /* "_[k]", "_[j]", "_[i]", "_[w]"... */
	int strip_args;                /* argument lists, template-aware */
	struct fk_filter_subst *const *replace;   /* not owned */
	size_t nreplace;
	size_t max_stacks;             /* 0: no limit */
	int drop_root;                 /* remove every stack's first frame */
	const char *rename_root;       /* NULL, or the new name of every first frame */
	/*
	 * fk_trim_run: bytes of stacks held in memory before sorted runs go
	 * to temporary files (spill.h); 0: no bound.  With the tree-wide
	 * steps (min_kind, max_stacks) the input's stacks get half of it and
	 * what the steps write the other half: the steps walk the stacks
	 * sorted frame by frame, from memory or from disk (trim_stream.h).
	 * Without a bound they build the tree in memory, as fk_trim_table().
	 */
	size_t memory;
};

/*
 * Apply the options to in and put the result into *out (a new table with
 * in's column count, owned by the caller).  in is not changed.
 * @return 0, or -1 (recorded).
 */
int fk_trim_table(const struct fk_trim_opts *o, struct fk_stack_table *in,
    struct fk_stack_table **out);

/*
 * Read folded stacks from every input, trim them and write the result
 * merged and sorted to out, after the inputs' header (folded_header.h).
 * st (may be NULL) receives the valid and skipped line counts.
 * @return 0, or -1 (recorded; also when nin is 0).
 */
int fk_trim_run(const struct fk_trim_opts *o, const struct fk_input *in,
    size_t nin, FILE *out, struct fk_folded_stats *st);

/*
 * The single-frame rewrites, exposed for reuse and tests.  Each returns the
 * new length of s[0, n) (s is not changed; the result is a prefix of s,
 * except for strip_args which may keep a suffix annotation: use
 * fk_trim_frame for the full rule).
 */
size_t fk_trim_annotation_len(const char *s, size_t n);
size_t fk_trim_offset_len(const char *s, size_t n);
size_t fk_trim_args_len(const char *s, size_t n);

/*
 * Rewrite one frame by the strip and replace options of o.  The result goes
 * into *buf (malloc'd, grown as needed, owned by the caller); semicolons in
 * it become colons.  @return its length (0: the frame vanishes), or -1.
 */
long fk_trim_frame(const struct fk_trim_opts *o, const char *s, size_t n,
    char **buf, size_t *cap);

/*
 * The root rewrite on one whole stack s[0, n): with drop, the first frame
 * is removed; otherwise, when name is not NULL, the first frame becomes
 * name (which holds no ';').  A stack left without frames is ";", the
 * stack without frames that every reader takes, so its weight stays on the
 * root; ";" itself is left as it is.  The result goes into *buf (malloc'd,
 * grown as needed, owned by the caller).  @return its length.
 */
size_t fk_trim_root(const char *s, size_t n, int drop, const char *name,
    char **buf, size_t *cap);

#endif
