/*
 * v8prof.h -- V8 CPU profiles: the node tree, the samples and their time
 * deltas, folded into stacks.  Shared by the .cpuprofile reader
 * (cpuprofile.h) and the Chrome trace reader (chrome_trace.h), which find
 * the same data at different places in their JSON.
 *
 * A profile is a tree of nodes (id, parent or children, callFrame) and a
 * list of samples, each a node id, with timeDeltas[i] the microseconds
 * from the sample before (from the profile's start for the first).  A
 * sample's weight is its delta (the time it closes), or 1 by sample count.
 * Frames are named
 *	functionName (url:LINE:COLUMN)
 * with 1-based line and column (the file's are 0-based, as DevTools shows
 * them 1-based); "functionName" alone when the url is empty (V8's own
 * nodes: "(program)", "(idle)", "(garbage collector)"), "(anonymous)"
 * for an empty function name.  The root node "(root)" is left out (every
 * stack has it); every other node is kept.
 *
 * Memory grows with the nodes (distinct stacks), not the samples: samples
 * are summed per node as they come.  samples[i] and timeDeltas[i] are
 * paired through a queue that spills to a temporary file (pairq.h).
 */
#ifndef FK_V8PROF_H
#define FK_V8PROF_H

#include <stddef.h>
#include <stdint.h>

#include "collapse/json_events.h"
#include "core/num.h"
#include "core/stack_table.h"

enum fk_weight {
	FK_WEIGHT_TIME = 0,   /* the profile's time unit (default) */
	FK_WEIGHT_SAMPLES,    /* 1 per sample */
};

struct fk_v8_stats {
	uint64_t samples;        /* samples read */
	uint64_t stacks;         /* sampled nodes folded (not left out in a cycle) */
	uint64_t unknown_nodes;  /* node ids sampled or named as parents but never defined */
	uint64_t negative;       /* negative time deltas, counted as 0 */
	uint64_t unpaired;       /* samples without a time delta, or deltas without a sample */
	uint64_t bad_values;     /* ids or deltas that are not integers, nodes without id */
	uint64_t cycles;         /* nodes whose parent chain loops (their samples are left out) */
	uint64_t duplicates;     /* node objects whose id an earlier one had (the last one wins) */
};

struct fk_v8prof;

/* An empty profile.  Never NULL. */
struct fk_v8prof *fk_v8prof_new(void);
/* Accepts NULL. */
void fk_v8prof_free(struct fk_v8prof *p);
/* Forget everything (keep the memory). */
void fk_v8prof_clear(struct fk_v8prof *p);

/*
 * Define node id with its frame name (copied, cleaned for folded output).
 * @return 1 when id had a name already (now replaced), else 0.
 */
int fk_v8prof_define(struct fk_v8prof *p, int64_t id, const char *name, size_t n);
/* Node child hangs below node parent. */
void fk_v8prof_set_parent(struct fk_v8prof *p, int64_t child, int64_t parent);
/* Add weight w to node id.  @return 0, or -1 (recorded) on overflow. */
int fk_v8prof_add(struct fk_v8prof *p, int64_t id, int64_t w);
/* Add a weight with decimals (w.v at w.scale). @return as _add. */
int fk_v8prof_add_num(struct fk_v8prof *p, int64_t id, struct fk_num w);
/* Leave out the frame of every node without parent, not only "(root)". */
void fk_v8prof_drop_any_root(struct fk_v8prof *p);
/* Everything in src into dst (nodes of the same id space). @return as _add. */
int fk_v8prof_merge(struct fk_v8prof *dst, const struct fk_v8prof *src);

/*
 * Add one stack per sampled node to t, root first, under the frame root
 * when root is not NULL.  Nodes whose parent chain loops are counted in
 * st->cycles and left out; undefined nodes are named "(unknown node ID)"
 * and counted in st->unknown_nodes.
 * @return 0, or -1 (recorded) on a count overflow.
 */
int fk_v8prof_fold(struct fk_v8prof *p, const char *root, struct fk_stack_table *t,
    struct fk_v8_stats *st);

/*
 * The name V8's callFrame fields give a frame (see above) into *out
 * (malloc'ed, grown as needed; *cap its size).  @return its length.
 */
size_t fk_v8_frame_name(const char *fn, size_t fnlen, const char *url, size_t urllen,
    int64_t line, int64_t col, char **out, size_t *cap);

/*
 * Collects one profile or profile chunk from JSON events into a profile:
 * nodes (with "children" or "parent"), "samples" and "timeDeltas".
 */
struct fk_v8chunk;

struct fk_v8chunk *fk_v8chunk_new(enum fk_weight w, struct fk_v8_stats *st);
/* Accepts NULL. */
void fk_v8chunk_free(struct fk_v8chunk *c);
/* Start a chunk that adds to p. */
void fk_v8chunk_begin(struct fk_v8chunk *c, struct fk_v8prof *p);
/*
 * A scalar of the document: taken when it is a node field below "nodes"
 * or an element of "samples" at the object at level cpu, or an element
 * of "timeDeltas" at the object at level cpu or deltas.
 * @return 0, or -1 (recorded) on an overflow or a temporary file error.
 */
int fk_v8chunk_scalar(struct fk_v8chunk *c, struct fk_jsonev *j, size_t cpu, size_t deltas,
    enum fk_jsonev_type type, const char *s, size_t n);
/* A container closed: a node object ends the node. */
void fk_v8chunk_close(struct fk_v8chunk *c, struct fk_jsonev *j, size_t cpu);
/* The chunk ended: samples or deltas left unpaired are counted. @return as _scalar. */
int fk_v8chunk_end(struct fk_v8chunk *c);

/* Add from's counts to to's. */
void fk_v8_stats_add(struct fk_v8_stats *to, const struct fk_v8_stats *from);

/* Report st's counts with fk_warn(name, 0, ...), one line each. */
void fk_v8_warn(const char *name, const struct fk_v8_stats *st);

#endif
