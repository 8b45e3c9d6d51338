/*
 * layout.h -- folded stacks -> positioned frames, shared by the SVG and PNG
 * writers so that both draw exactly the same picture.
 *
 * The geometry is flamegraph.pl's: stacks are visited in byte order (or in
 * input order for a flame chart), adjacent equal frames merge (its flow()),
 * frames narrower than the minimum width are dropped, and the picture is
 * imagewidth wide with xpad on both sides, frameheight per level and ypad1
 * and ypad2 above and below.  Dropped frames keep their weight: it shows as
 * self time of the parent, which also counts how many narrow children it
 * absorbed.
 */
#ifndef FK_LAYOUT_H
#define FK_LAYOUT_H

#include <stddef.h>
#include <stdint.h>

#include "render/stacks.h"

enum fk_layout_order {
	FK_LAYOUT_SORT_NAME = 0,  /* bytewise, flamegraph.pl's order */
	FK_LAYOUT_SORT_WIDTH,     /* widest children first ("left heavy") */
	FK_LAYOUT_INPUT_ORDER,    /* --flamechart / --no-sort: no sort, no merge of distant stacks */
};

struct fk_layout_opts {
	double image_width;    /* --width, 1200 */
	double frame_height;   /* --height, 16 */
	double font_size;      /* --fontsize, 12; sets the paddings */
	double min_width;      /* --minwidth, 0.1 (pixels, or percent with min_width_pct) */
	int min_width_pct;
	int inverted;          /* icicle graph: root at the top */
	int reverse;           /* reverse each stack before merging */
	int chain;             /* --colors=chain rewrite (waker stacks after "--") */
	int has_subtitle;      /* adds the subtitle band to the height */
	double total;          /* --total: 0, or the count the full width stands for */
	enum fk_layout_order order;
	/* Differential (two-count) input only. */
	int diff_total;        /* --diff=total: delta is the change of the inclusive weight */
	int diff_width_max;    /* --diff-width=max: width from max(before, after) per stack */
};

/* Fill o with flamegraph.pl's defaults. */
void fk_layout_opts_init(struct fk_layout_opts *o);

struct fk_frame {
	const char *name;      /* not NUL-terminated; owned by the stack collection */
	uint32_t len;
	uint32_t depth;        /* 0 is the root ("all") */
	int64_t parent;        /* index in fk_layout.frames, -1 for the root */
	int64_t start, end;    /* in counts at the layout's scale */
	int64_t self;          /* end - start minus the drawn children */
	int64_t delta;         /* differential: the change that colours the frame (see below) */
	int64_t before, after; /* differential: inclusive counts of each column */
	uint32_t narrow;       /* children too narrow to draw, merged into self */
	uint8_t mark;          /* differential: FK_FRAME_NEW or FK_FRAME_GONE, else 0 */
};

/*
 * Differential frames.  delta is after - before of the stacks ending at the
 * frame (flamegraph.pl's leaf-only colouring, the default), or with
 * diff_total the change of the frame's inclusive weight (after - before),
 * so a parent whose children grew is coloured as grown.  l->maxdelta is
 * the scale for the chosen kind.  A frame counted only in AFTER is marked
 * new; one counted only in BEFORE is marked gone (visible only with
 * diff_width_max, since its AFTER width is 0).  The SVG and PNG writers
 * colour with fk_colorer_frame() (palette.h) and mark the same frames.
 */
enum {
	FK_FRAME_NEW = 1,
	FK_FRAME_GONE = 2,
};

struct fk_layout {
	struct fk_frame *frames;   /* pre-order: a parent comes before its children */
	size_t n, alloc;
	int scale;                 /* counts are value * 10^scale */
	int diff;                  /* two count columns */
	int64_t time;              /* sum of the (last) count column */
	double timemax;            /* count the full width stands for (count units) */
	double maxdelta;           /* largest |delta| (count units), at least 1 */
	int diff_total;            /* delta is of inclusive weights */
	int diff_width_max;        /* widths are max(before, after), not after */
	int64_t before, after;     /* differential: total of each column */
	uint32_t depthmax;
	/* Geometry, all in pixels. */
	double image_width, image_height, frame_height, xpad, ypad1, ypad2, ypad3;
	double widthpertime;       /* pixels per count unit */
	int inverted;
	uint64_t pruned;           /* narrow subtrees left out (counted at their top) */
};

/*
 * Lay out the entries (in the order given).  The frame names point into the
 * entries' keys, which must outlive the layout.
 * @return 0, or -1 (recorded) when there is nothing to draw (total 0).
 */
int fk_layout_build(struct fk_layout *l, const struct fk_layout_opts *o,
    struct fk_stack_entry *const *e, size_t n, int scale, int ncols);
void fk_layout_release(struct fk_layout *l);

/*
 * Lay out everything collected in s, which must outlive the layout.  Sorted
 * orders walk the prefix tree (memory grows with distinct frames, not with
 * the input) and use it up: call this once, and add nothing afterwards.
 * Input order uses fk_layout_build() on the entries.
 * @return 0, or -1 (recorded) when there is nothing to draw.
 */
int fk_layout_build_stacks(struct fk_layout *l, const struct fk_layout_opts *o,
    struct fk_stacks *s);

/*
 * The prefix tree as it is, for fk_layout_visitor's tree(): nodes in the
 * order they were made, each after its parent, not yet placed or sorted.
 */
struct fk_tree_view {
	size_t n;               /* nodes; node 0 is the root */
	const uint64_t *key;    /* node i > 0: its parent << 32 | its name id - 1 */
	const int64_t *total;   /* node i: the counts of its subtree, at the layout's scale */
	/*
	 * Sibling order: siblings are drawn by increasing rank[2 * (name id
	 * - 1) + 1 when the node has no count of its own (only children), +
	 * 0 when it has one] (flamegraph.pl's sorted lines; the ranks differ).
	 */
	const uint32_t *rank;
	size_t nkeys;           /* 2 * the number of names, the root's left out */
	int64_t rootend;        /* where the root ends: its total, or --total */
};

/*
 * Visiting the frames instead of storing them, for writers that need each
 * frame once (html.c): no frame array, no per-frame allocation.
 * names() is called first, once, with the number of distinct names
 * (name 0 is the root's) and of frames; then name() for each name id in
 * order (0 gets the root's, an empty name); then frame() for each frame
 * in pre-order, f's name, geometry and differential fields set as
 * fk_layout_build_stacks() would (self, parent and narrow are not), with
 * its name id (or, with tree() set, tree() once instead: see there).  l
 * holds the layout's totals and scale throughout (no frames).  A
 * callback's non-zero return ends the walk with it.
 *
 * An overview first, optionally: when over_min is set, it is called after
 * the names and returns the minimum width (in counts at the layout's
 * scale) of the overview's frames, or -1 for no overview.  over() then
 * gets the root and every frame at least that wide, in pre-order, with
 * its index among all the frames (its node number with tree()), before
 * frame() or tree() gets them all.  A writer
 * can so put a small overview ahead of the whole profile without holding
 * the profile.
 */
struct fk_layout_visitor {
	void *ctx;
	int (*names)(void *ctx, const struct fk_layout *l, size_t nnames, size_t nframes);
	int (*name)(void *ctx, const struct fk_layout *l, uint32_t id, const char *s,
	    size_t len);
	int (*frame)(void *ctx, const struct fk_layout *l, const struct fk_frame *f,
	    uint32_t name);
	int64_t (*over_min)(void *ctx, const struct fk_layout *l, size_t nframes);
	int (*over)(void *ctx, const struct fk_layout *l, const struct fk_frame *f,
	    uint32_t name, uint64_t index);
	/*
	 * Optional, in place of frame() for input of one count column laid
	 * out with no minimum width: the tree once, unwalked, for a reader
	 * that places the frames itself (the HTML viewer); the writer then
	 * pays for no sort and no walk of millions of frames.  With it,
	 * over()'s index is the frame's node number in the tree, not its
	 * index among all frames.
	 */
	int (*tree)(void *ctx, const struct fk_layout *l, const struct fk_tree_view *t);
};

/*
 * Whether fk_layout_walk_stacks() can walk s laid out with o: sorted by
 * name (not by width), not a chain layout, no minimum width.
 */
int fk_layout_can_walk(const struct fk_layout_opts *o, const struct fk_stacks *s);

/*
 * Walk the frames of s (fk_layout_can_walk() true) into v, using s up as
 * fk_layout_build_stacks() does.  l is left with the totals only; release
 * it with fk_layout_release().
 * @return 0, -1 (recorded) when there is nothing to draw, or a callback's
 * non-zero return.
 */
int fk_layout_walk_stacks(struct fk_layout *l, const struct fk_layout_opts *o,
    struct fk_stacks *s, const struct fk_layout_visitor *v);

/* Convert a scaled count to count units. */
double fk_layout_count(const struct fk_layout *l, int64_t v);

/* Pixel geometry of frame f, unrounded (flamegraph.pl's x1 x2 y1 y2). */
void fk_layout_box(const struct fk_layout *l, const struct fk_frame *f,
    double *x1, double *x2, double *y1, double *y2);

#endif
